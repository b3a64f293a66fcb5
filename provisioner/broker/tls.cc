#include "provisioner/broker/tls.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "common/strings.h"
#include "provisioner/broker/digest.h"

namespace openflow::broker {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct ExtFree {
  void operator()(X509_EXTENSION* e) const { X509_EXTENSION_free(e); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using Cert = std::unique_ptr<X509, X509Free>;
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

Bio ReadOnlyBio(const std::string& text) {
  return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

// A password callback that refuses: encrypted keys fail to load instead of
// prompting on the terminal.
int NoPassword(char*, int, int, void*) { return -1; }

absl::Status OpenSslError(std::string_view what) {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  char buf[256] = "unknown error";
  if (code != 0) ERR_error_string_n(code, buf, sizeof buf);
  return absl::InternalError(Cat(what, ": ", buf));
}

bool AddExtension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, ExtFree> ext(
      X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

}  // namespace

absl::StatusOr<std::string> CheckTlsPair(const TlsPem& pem, std::string_view cert_field,
                                         std::string_view key_field) {
  Bio cert_bio = ReadOnlyBio(pem.cert);
  Cert cert(PEM_read_bio_X509(cert_bio.get(), nullptr, NoPassword, nullptr));
  if (!cert) {
    ERR_clear_error();
    return absl::InvalidArgumentError(Cat(cert_field, ": no PEM certificate in the file"));
  }
  Bio key_bio = ReadOnlyBio(pem.key);
  Key key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, NoPassword, nullptr));
  if (!key) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        Cat(key_field, ": no unencrypted PEM private key in the file"));
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(Cat(key_field, ": does not match ", cert_field));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(cert.get(), EVP_sha256(), digest, &length) != 1) {
    return OpenSslError("certificate fingerprint");
  }
  return Hex(digest, length);
}

absl::StatusOr<TlsPem> MakeSelfSignedPair(const std::vector<std::string>& dns_names, int days) {
  if (dns_names.empty()) return absl::InvalidArgumentError("self-signed certificate: no names");
  Key key(EVP_EC_gen("P-256"));
  if (!key) return OpenSslError("generate P-256 key");

  Cert cert(X509_new());
  if (!cert) return OpenSslError("new certificate");
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return OpenSslError("serial number");
  serial[0] &= 0x7f;  // positive
  std::unique_ptr<BIGNUM, decltype(&BN_free)> serial_bn(BN_bin2bn(serial, sizeof serial, nullptr),
                                                        BN_free);
  const std::string cn = dns_names.front();
  std::string san;
  for (const auto& name : dns_names) san += Cat(san.empty() ? "" : ",", "DNS:", name);
  san += ",IP:127.0.0.1";
  X509_NAME* subject = X509_get_subject_name(cert.get());
  if (X509_set_version(cert.get(), 2) != 1 || !serial_bn ||
      !BN_to_ASN1_INTEGER(serial_bn.get(), X509_get_serialNumber(cert.get())) ||
      !X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60) ||
      !X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * 86400) ||
      X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>("Openflow MQTT"), -1, -1,
                                 0) != 1 ||
      X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                 0) != 1 ||
      X509_set_issuer_name(cert.get(), subject) != 1 ||
      X509_set_pubkey(cert.get(), key.get()) != 1 ||
      !AddExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !AddExtension(cert.get(), NID_key_usage, "critical,digitalSignature") ||
      !AddExtension(cert.get(), NID_ext_key_usage, "serverAuth") ||
      !AddExtension(cert.get(), NID_subject_alt_name, san) ||
      X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
    return OpenSslError("self-signed certificate");
  }

  Bio cert_out(BIO_new(BIO_s_mem()));
  Bio key_out(BIO_new(BIO_s_mem()));
  if (!cert_out || !key_out || PEM_write_bio_X509(cert_out.get(), cert.get()) != 1 ||
      PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
          1) {
    return OpenSslError("write PEM");
  }
  return TlsPem{BioText(cert_out.get()), BioText(key_out.get())};
}

}  // namespace openflow::broker
