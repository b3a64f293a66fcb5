#include "provisioner/broker/broker_files.h"

#include <dirent.h>
#include <sys/stat.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "tests/support/process.h"

namespace openflow::broker {
namespace {

using ::testing::HasSubstr;
using testing::MakeTempDir;
using ::testing::Not;
using testing::ReadFile;
using ::testing::UnorderedElementsAre;

int Mode(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return static_cast<int>(st.st_mode & 0777);
}

std::set<std::string> Listing(const std::string& dir) {
  std::set<std::string> names;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return names;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") names.insert(name);
  }
  ::closedir(d);
  return names;
}

void Write(const std::string& path, const std::string& text, int mode = 0600) {
  ASSERT_TRUE(WriteFileAtomically(path, text, mode).ok());
}

TEST(BrokerFilesTest, ConfIsWrittenUnderItsHashWithMode0600) {
  const std::string dir = MakeTempDir("broker-files");
  auto written = WriteConf(dir, "listeners {}\n");
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(written->path, dir + "/emqx-" + written->hash + ".conf");
  EXPECT_EQ(ReadFile(written->path), "listeners {}\n");
  EXPECT_EQ(Mode(written->path), 0600);
  EXPECT_THAT(Listing(dir), UnorderedElementsAre("emqx-" + written->hash + ".conf"));
}

TEST(BrokerFilesTest, SameTextGivesTheSameFile) {
  const std::string dir = MakeTempDir("broker-files");
  auto a = WriteConf(dir, "a = 1\n");
  auto b = WriteConf(dir, "a = 1\n");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->path, b->path);
}

TEST(BrokerFilesTest, OldConfsArePrunedButTheLiveOneIsKept) {
  const std::string dir = MakeTempDir("broker-files");
  auto live = WriteConf(dir, "a = 1\n");
  ASSERT_TRUE(live.ok());
  ASSERT_TRUE(SetLiveConf(dir, live->hash).ok());
  auto second = WriteConf(dir, "a = 2\n");
  auto third = WriteConf(dir, "a = 3\n");
  ASSERT_TRUE(second.ok() && third.ok());
  EXPECT_THAT(Listing(dir), UnorderedElementsAre("emqx-" + live->hash + ".conf",
                                                 "emqx-" + third->hash + ".conf", "live"));
  ASSERT_TRUE(SetLiveConf(dir, third->hash).ok());
  EXPECT_THAT(Listing(dir), UnorderedElementsAre("emqx-" + third->hash + ".conf", "live"));
  EXPECT_EQ(LiveConf(dir), third->hash);
}

TEST(BrokerFilesTest, SecretIsCreatedOnceWithMode0600AndReused) {
  const std::string path = MakeTempDir("broker-files") + "/dashboard-password";
  auto first = LoadOrCreateSecret(path);
  auto second = LoadOrCreateSecret(path);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_GE(first->size(), 32u);
  EXPECT_NE(*first, "public");
  EXPECT_EQ(Mode(path), 0600);
}

TEST(BrokerFilesTest, SecretReadableByOthersIsRefused) {
  const std::string path = MakeTempDir("broker-files") + "/node-cookie";
  Write(path, "cookie\n", 0644);
  auto secret = LoadOrCreateSecret(path);
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().message(),
            path + ": readable by group or others (mode 0644); chmod 600 it");
}

TEST(BrokerFilesTest, MissingCertFileIsRefusedNamingTheFlag) {
  BrokerSpec spec;
  spec.tls_cert_file = "/nonexistent/tls.crt";
  spec.tls_key_file = "/nonexistent/tls.key";
  auto pem = ReadGivenTls(spec);
  ASSERT_FALSE(pem.ok());
  EXPECT_EQ(pem.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(pem.status().message(), "--tls-cert: file not found: /nonexistent/tls.crt");
}

// The message ReadGivenTls refuses a cert file and a key file holding these.
std::string RefusalOf(const std::string& cert_text, const std::string& key_text) {
  const std::string dir = MakeTempDir("broker-files");
  Write(dir + "/tls.crt", cert_text);
  Write(dir + "/tls.key", key_text);
  BrokerSpec spec;
  spec.tls_cert_file = dir + "/tls.crt";
  spec.tls_key_file = dir + "/tls.key";
  auto pem = ReadGivenTls(spec);
  EXPECT_FALSE(pem.ok()) << "accepted";
  return pem.ok() ? "" : std::string(pem.status().message());
}

TEST(BrokerFilesTest, CertFileWithoutACertificateIsRefused) {
  auto pair = MakeSelfSignedPair({"mqtt.example.com"}, 30);
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(RefusalOf("not a certificate\n", pair->key),
            "--tls-cert: no PEM certificate in the file");
}

TEST(BrokerFilesTest, KeyOfAnotherCertificateIsRefusedWithoutShowingIt) {
  auto a = MakeSelfSignedPair({"a.example.com"}, 30);
  auto b = MakeSelfSignedPair({"b.example.com"}, 30);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(RefusalOf(a->cert, b->key), "--tls-key: does not match --tls-cert");
}

TEST(BrokerFilesTest, SelfSignedPairIsMadeOnceAndReused) {
  const std::string dir = MakeTempDir("broker-files");
  auto first = PrepareTls(dir, std::nullopt);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(first->self_signed);
  EXPECT_TRUE(first->created);
  EXPECT_EQ(Mode(first->key_path), 0600);
  EXPECT_EQ(first->cert_sha256.size(), 64u);
  auto second = PrepareTls(dir, std::nullopt);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->cert_sha256, first->cert_sha256);
}

TEST(BrokerFilesTest, GivenPairIsCopiedIntoTheDataDir) {
  const std::string dir = MakeTempDir("broker-files");
  auto pair = MakeSelfSignedPair({"*.mqtt.example.com"}, 30);
  ASSERT_TRUE(pair.ok());
  auto files = PrepareTls(dir, *pair);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_FALSE(files->self_signed);
  EXPECT_EQ(files->cert_path, dir + "/tls/given.crt");
  EXPECT_EQ(ReadFile(files->key_path), pair->key);
  EXPECT_EQ(Mode(files->key_path), 0600);
  EXPECT_THAT(Listing(dir + "/tls"), Not(::testing::Contains("self-signed.key")));
}

}  // namespace
}  // namespace openflow::broker
