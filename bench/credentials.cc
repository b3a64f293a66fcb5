#include "bench/credentials.h"

#include <cstdio>
#include <pqxx/pqxx>
#include <tuple>

#include "common/secrets.h"
#include "common/strings.h"

namespace openflow::bench {
namespace {

// SplitMix64: a fast, well-mixed 64-bit function of its input.
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// "xc20p1$" and the hex of a 24-byte nonce, a 32-byte ciphertext and a
// 16-byte tag: the length SealingKey::Seal gives a generated password.
const std::string& SealedFiller() {
  static const std::string kFiller = "xc20p1$" + std::string(2 * (24 + 32 + 16), '0');
  return kFiller;
}

}  // namespace

std::string CredentialSet::ProjectId(std::int64_t i) const { return Cat("bench", i / 10); }

std::string CredentialSet::Name(std::int64_t i) const { return Cat("mqtt-", i); }

std::string CredentialSet::Username(std::int64_t i) const {
  return Cat(ProjectId(i), ":", Name(i));
}

std::string CredentialSet::Password(std::int64_t i) const {
  const std::uint64_t a = Mix(seed_ ^ Mix(static_cast<std::uint64_t>(i)));
  const std::uint64_t b = Mix(a);
  char out[33];
  std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return std::string(out, 32);
}

std::string CredentialSet::WrongPassword(std::int64_t i) const {
  std::string p = Password(i);
  p.back() = p.back() == '0' ? '1' : '0';
  return p;
}

std::string CredentialSet::Mountpoint(std::int64_t i, std::string_view tenant_prefix) const {
  return Cat(tenant_prefix, ProjectId(i), "/");
}

absl::StatusOr<std::int64_t> LoadCredentials(const std::string& database_url,
                                             const CredentialSet& set) {
  try {
    pqxx::connection conn(database_url);
    pqxx::work tx(conn, "bench-load");
    tx.exec("SET LOCAL session_replication_role = replica");
    {
      pqxx::stream_to copy(tx, "instances",
                           std::vector<std::string>{"project_id", "name", "mqtt_username",
                                                    "password_verifier", "password_sealed"});
      for (std::int64_t i = 0; i < set.count(); ++i) {
        copy << std::make_tuple(set.ProjectId(i), set.Name(i), set.Username(i),
                                EncodeVerifier(MakeVerifier(set.Password(i))), SealedFiller());
      }
      copy.complete();
    }
    const auto rows = tx.exec("SELECT count(*) FROM instances")[0][0].as<std::int64_t>();
    tx.commit();
    return rows;
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(Cat("load credentials: ", e.what()));
  } catch (const std::exception& e) {
    return absl::InternalError(Cat("load credentials: ", e.what()));
  }
}

}  // namespace openflow::bench
