#include "exhook/core/policy.h"

#include <gtest/gtest.h>

#include "tests/exhook/fake_credentials.h"

namespace openflow {
namespace {

class PolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    creds_.Add("p1:flow", "pw-p1-flow");
    creds_.Add("p2:flow", "pw-p2-flow");
    creds_.Add("p1:gone", "pw-gone", /*revoked=*/true);
  }
  // Authenticates with the client id the broker's override gives this user.
  Decision Auth(std::string_view user, std::string_view pass) {
    const std::string clientid =
        "openflow/" + std::string(user.substr(0, user.find(':'))) + "/device-7";
    return policy_.Authenticate({user, pass, clientid});
  }
  Decision Authz(std::string_view user, std::string_view mountpoint, Action action,
                 std::string_view topic) {
    return policy_.Authorize({user, mountpoint, action, topic});
  }

  testing::FakeCredentials creds_;
  Policy policy_{creds_, "openflow/"};
};

TEST_F(PolicyTest, GoodPasswordAllows) {
  const Decision d = Auth("p1:flow", "pw-p1-flow");
  EXPECT_TRUE(d.allow);
  EXPECT_EQ(d.reason, "password verified");
}

TEST_F(PolicyTest, WrongPasswordDenies) {
  EXPECT_EQ(Auth("p1:flow", "pw-p1-flowX").reason, "wrong password");
  EXPECT_FALSE(Auth("p1:flow", "pw-p1-flowX").allow);
}

TEST_F(PolicyTest, OtherUsersPasswordDenies) { EXPECT_FALSE(Auth("p1:flow", "pw-p2-flow").allow); }

TEST_F(PolicyTest, EmptyPasswordDenies) { EXPECT_EQ(Auth("p1:flow", "").reason, "empty password"); }

TEST_F(PolicyTest, EmptyUsernameDenies) { EXPECT_EQ(Auth("", "pw").reason, "empty username"); }

TEST_F(PolicyTest, UnknownUsernameDenies) {
  EXPECT_EQ(Auth("p9:flow", "pw").reason, "unknown username");
}

TEST_F(PolicyTest, MalformedUsernameDenies) {
  EXPECT_EQ(Auth("p1/flow", "pw").reason, "malformed username");
  EXPECT_EQ(Auth("p1:fl/ow", "pw").reason, "malformed username");
}

TEST_F(PolicyTest, OversizedInputsDeny) {
  EXPECT_EQ(Auth(std::string(130, 'a'), "pw").reason, "username too long");
  EXPECT_EQ(Auth("p1:flow", std::string(257, 'a')).reason, "password too long");
}

TEST_F(PolicyTest, ClientIdOfAnotherProjectDenies) {
  const Decision d = policy_.Authenticate({"p1:flow", "pw-p1-flow", "openflow/p2/device-7"});
  EXPECT_FALSE(d.allow);
  EXPECT_EQ(d.reason,
            "clientid not in the project's namespace (broker needs mqtt.clientid_override)");
}

// A broker without mqtt.clientid_override sends the client's own id: deny.
TEST_F(PolicyTest, ClientIdWithoutNamespaceDenies) {
  EXPECT_FALSE(policy_.Authenticate({"p1:flow", "pw-p1-flow", "device-7"}).allow);
  EXPECT_FALSE(policy_.Authenticate({"p1:flow", "pw-p1-flow", ""}).allow);
  EXPECT_FALSE(policy_.Authenticate({"p1:flow", "pw-p1-flow", "openflow/p1/"}).allow);
  EXPECT_FALSE(policy_.Authenticate({"p1:flow", "pw-p1-flow", "openflow/p10/x"}).allow);
  EXPECT_FALSE(policy_.Authenticate({"p1:flow", "pw-p1-flow", "openflow/p1x"}).allow);
}

TEST_F(PolicyTest, ClientIdInOwnNamespaceAllows) {
  EXPECT_TRUE(policy_.Authenticate({"p1:flow", "pw-p1-flow", "openflow/p1/a"}).allow);
  EXPECT_TRUE(policy_.Authenticate({"p1:flow", "pw-p1-flow", "openflow/p1/emqx_abc/x"}).allow);
}

TEST_F(PolicyTest, RevokedCredentialDenies) {
  EXPECT_EQ(Auth("p1:gone", "pw-gone").reason, "credential revoked");
}

TEST_F(PolicyTest, UnavailableSourceDeniesEvenGoodPassword) {
  creds_.set_unavailable(true);
  EXPECT_FALSE(Auth("p1:flow", "pw-p1-flow").allow);
  EXPECT_FALSE(Authz("p1:flow", "openflow/p1/", Action::kPublish, "t").allow);
}

TEST_F(PolicyTest, OwnMountpointAllowsPublishAndSubscribe) {
  EXPECT_TRUE(Authz("p1:flow", "openflow/p1/", Action::kPublish, "sensors/t").allow);
  EXPECT_TRUE(Authz("p1:flow", "openflow/p1/", Action::kSubscribe, "sensors/#").allow);
}

TEST_F(PolicyTest, ForeignMountpointDenies) {
  EXPECT_EQ(Authz("p1:flow", "openflow/p2/", Action::kPublish, "t").reason,
            "mountpoint is not this project's");
}

TEST_F(PolicyTest, MountpointThatOnlyStartsWithOwnProjectDenies) {
  EXPECT_FALSE(Authz("p1:flow", "openflow/p10/", Action::kPublish, "t").allow);
  EXPECT_FALSE(Authz("p1:flow", "openflow/p1/x/", Action::kPublish, "t").allow);
  EXPECT_FALSE(Authz("p1:flow", "openflow/p1", Action::kPublish, "t").allow);
  EXPECT_FALSE(Authz("p1:flow", "other/p1/", Action::kPublish, "t").allow);
}

TEST_F(PolicyTest, EmptyMountpointDenies) {
  EXPECT_EQ(Authz("p1:flow", "", Action::kPublish, "t").reason,
            "no mountpoint (listener mountpoint not set)");
}

TEST_F(PolicyTest, UnresolvedMountpointTemplateDenies) {
  EXPECT_EQ(Authz("p1:flow", "${client_attrs.tenant}", Action::kPublish, "t").reason,
            "unresolved mountpoint template (client_attrs.tenant not set by broker)");
}

TEST_F(PolicyTest, InvalidTopicDenies) {
  EXPECT_EQ(Authz("p1:flow", "openflow/p1/", Action::kPublish, "a/+").reason,
            "wildcard in a topic name");
  EXPECT_EQ(Authz("p1:flow", "openflow/p1/", Action::kSubscribe, "a/#/b").reason,
            "'#' must be the last level");
}

TEST_F(PolicyTest, AuthorizeDeniesUnknownAndRevoked) {
  EXPECT_EQ(Authz("p9:flow", "openflow/p9/", Action::kPublish, "t").reason, "unknown username");
  EXPECT_EQ(Authz("p1:gone", "openflow/p1/", Action::kPublish, "t").reason, "credential revoked");
}

TEST(PolicyPrefixTest, HonoursConfiguredTenantPrefix) {
  testing::FakeCredentials creds;
  creds.Add("p1:flow", "pw");
  Policy policy(creds, "tenants/");
  EXPECT_TRUE(policy.Authorize({"p1:flow", "tenants/p1/", Action::kPublish, "t"}).allow);
  EXPECT_FALSE(policy.Authorize({"p1:flow", "openflow/p1/", Action::kPublish, "t"}).allow);
}

}  // namespace
}  // namespace openflow
