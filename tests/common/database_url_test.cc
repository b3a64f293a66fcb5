#include "common/database_url.h"

#include <gtest/gtest.h>

namespace openflow {
namespace {

TEST(DatabaseUrlTest, AcceptsUriAndKeywordForms) {
  EXPECT_TRUE(ValidateDatabaseUrl("postgresql://u:pw@127.0.0.1:5432/db", "--database-url").ok());
  EXPECT_TRUE(ValidateDatabaseUrl("host=127.0.0.1 user=u password=pw", "--database-url").ok());
}

TEST(DatabaseUrlTest, MalformedUrlIsNamedWithoutRepeatingIt) {
  const absl::Status s =
      ValidateDatabaseUrl("postgress://openflow:S3cretPW@127.0.0.1/postgres", "--database-url");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "--database-url: not a libpq connection string or postgresql:// URI");
}

TEST(DatabaseUrlTest, RedactsUrlAndPassword) {
  const std::string url = "postgresql://openflow:S3cretPW@db.example:5432/postgres";
  EXPECT_EQ(RedactDatabaseUrl("bad \"" + url + "\" here", url), "bad \"<database-url>\" here");
  EXPECT_EQ(RedactDatabaseUrl("password S3cretPW rejected", url), "password *** rejected");
}

TEST(DatabaseUrlTest, RedactsKeywordFormPassword) {
  EXPECT_EQ(RedactDatabaseUrl("x S3cretPW y", "host=h password=S3cretPW"), "x *** y");
}

TEST(DatabaseUrlTest, LeavesMessagesWithoutSecretsAlone) {
  EXPECT_EQ(RedactDatabaseUrl("connection refused", "postgresql://u@h/db"), "connection refused");
}

}  // namespace
}  // namespace openflow
