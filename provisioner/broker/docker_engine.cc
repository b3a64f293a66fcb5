#include "provisioner/broker/docker_engine.h"

#include <curl/curl.h>

#include <cstring>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "common/strings.h"

namespace openflow::broker {
namespace {

using Json = nlohmann::json;

constexpr char kApiPrefix[] = "http://engine/v1.41";
constexpr long kConnectTimeoutSeconds = 5;
constexpr long kRequestTimeoutSeconds = 120;  // a stop waits up to kStopSeconds first
constexpr int kStopSeconds = 10;

std::string StripSha(std::string id) {
  if (absl::StartsWith(id, "sha256:")) id.erase(0, 7);
  return id;
}

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::string Escape(CURL* curl, const std::string& text) {
  char* escaped = curl_easy_escape(curl, text.c_str(), static_cast<int>(text.size()));
  std::string out = escaped ? escaped : "";
  curl_free(escaped);
  return out;
}

size_t Collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

Json ContainerBody(const ContainerSpec& spec) {
  Json exposed = Json::object();
  Json bindings = Json::object();
  for (const auto& p : spec.ports) {
    exposed[Cat(p.container_port, "/tcp")] = Json::object();
    bindings[Cat(p.container_port, "/tcp")].push_back(
        {{"HostIp", p.host_ip}, {"HostPort", Cat(p.host_port)}});
  }
  Json mounts = Json::array();
  for (const auto& m : spec.mounts) {
    mounts.push_back({{"Type", m.kind == MountSpec::Kind::kBind ? "bind" : "volume"},
                      {"Source", m.source},
                      {"Target", m.target},
                      {"ReadOnly", m.read_only}});
  }
  Json body = {
      {"Image", spec.image},
      {"Hostname", spec.hostname},
      {"Env", spec.env},
      {"Labels", spec.labels},
      {"ExposedPorts", exposed},
      {"HostConfig",
       {{"PortBindings", bindings},
        {"Mounts", mounts},
        {"NetworkMode", spec.network},
        {"RestartPolicy", {{"Name", spec.restart_policy}}}}},
      {"NetworkingConfig",
       {{"EndpointsConfig", {{spec.network, {{"Aliases", spec.network_aliases}}}}}}},
  };
  if (!spec.cmd.empty()) body["Cmd"] = spec.cmd;
  if (!spec.healthcheck.test.empty()) {
    body["Healthcheck"] = {{"Test", spec.healthcheck.test},
                           {"Interval", absl::ToInt64Nanoseconds(spec.healthcheck.interval)},
                           {"Timeout", absl::ToInt64Nanoseconds(spec.healthcheck.timeout)},
                           {"Retries", spec.healthcheck.retries}};
  }
  return body;
}

ContainerInfo ParseContainer(const Json& j) {
  ContainerInfo info;
  info.id = j.at("Id").get<std::string>();
  info.name = j.value("Name", "");
  if (absl::StartsWith(info.name, "/")) info.name.erase(0, 1);
  info.image_id = StripSha(j.value("Image", ""));
  const Json& config = j.at("Config");
  info.image = config.value("Image", "");
  if (config.contains("Labels") && config["Labels"].is_object()) {
    info.labels = config["Labels"].get<std::map<std::string, std::string>>();
  }
  const Json& state = j.at("State");
  info.state = state.value("Status", "");
  if (state.contains("Health") && state["Health"].is_object()) {
    info.health = state["Health"].value("Status", "");
  }
  return info;
}

}  // namespace

struct DockerEngine::Handle {
  CURL* curl = nullptr;
  ~Handle() {
    if (curl) curl_easy_cleanup(curl);
  }
};

absl::StatusOr<std::unique_ptr<DockerEngine>> DockerEngine::Create(std::string_view docker_host) {
  constexpr std::string_view kScheme = "unix://";
  if (!absl::StartsWith(ToAbsl(docker_host), ToAbsl(kScheme)) ||
      docker_host.size() <= kScheme.size() || docker_host[kScheme.size()] != '/') {
    return absl::InvalidArgumentError(
        Cat("DOCKER_HOST: only unix:///path/to/socket is supported, got \"", docker_host, "\""));
  }
  static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!curl_ready) return absl::InternalError("libcurl: global initialisation failed");
  std::unique_ptr<DockerEngine> engine(
      new DockerEngine(std::string(docker_host), std::string(docker_host.substr(kScheme.size()))));
  engine->handle_->curl = curl_easy_init();
  if (!engine->handle_->curl) return absl::InternalError("libcurl: cannot create a handle");
  return engine;
}

DockerEngine::DockerEngine(std::string host, std::string socket_path)
    : host_(std::move(host)),
      socket_path_(std::move(socket_path)),
      handle_(std::make_unique<Handle>()) {}

DockerEngine::~DockerEngine() = default;

absl::StatusOr<DockerEngine::Response> DockerEngine::Call(const char* method,
                                                          const std::string& path,
                                                          const std::string* json_body) {
  CURL* curl = handle_->curl;
  curl_easy_reset(curl);
  Response response;
  char error[CURL_ERROR_SIZE] = "";
  const std::string url = Cat(kApiPrefix, path);
  curl_slist* headers = nullptr;
  if (json_body) headers = curl_slist_append(headers, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, socket_path_.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, kRequestTimeoutSeconds);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  if (headers) curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (json_body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json_body->c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(json_body->size()));
  } else if (std::string_view(method) == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, 0L);
  }
  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    const std::string detail = error[0] ? error : curl_easy_strerror(rc);
    if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST) {
      long os_errno = 0;
      curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
      return absl::UnavailableError(
          Cat("container engine at ", host_, " is unreachable (",
              os_errno ? std::strerror(static_cast<int>(os_errno)) : curl_easy_strerror(rc),
              "); is Docker or Podman running? DOCKER_HOST selects the socket"));
    }
    return absl::UnavailableError(
        Cat("container engine at ", host_, ": ", method, " ", path, ": ", OneLine(detail)));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

std::string DockerEngine::EngineMessage(const Response& response) {
  const Json j = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("message") && j["message"].is_string()) {
    return OneLine(j["message"].get<std::string>());
  }
  return OneLine(Cat("HTTP ", response.status, " ", response.body.substr(0, 200)));
}

namespace {

absl::Status FromHttp(long status, const std::string& message) {
  if (status == 404) return absl::NotFoundError(message);
  if (status == 409) return absl::AlreadyExistsError(message);
  if (status == 400) return absl::InvalidArgumentError(message);
  return absl::FailedPreconditionError(message);
}

}  // namespace

absl::Status DockerEngine::Ping() {
  auto r = Call("GET", "/_ping", nullptr);
  if (!r.ok()) return r.status();
  if (r->status != 200) {
    return absl::UnavailableError(
        Cat("container engine at ", host_, " answers /_ping with: ", EngineMessage(*r)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<ImageInfo>> DockerEngine::InspectImage(const std::string& reference) {
  auto r = Call("GET", Cat("/images/", reference, "/json"), nullptr);
  if (!r.ok()) return r.status();
  if (r->status == 404) return std::nullopt;
  if (r->status != 200)
    return FromHttp(r->status, Cat("image ", reference, ": ", EngineMessage(*r)));
  try {
    return ImageInfo{StripSha(Json::parse(r->body).at("Id").get<std::string>())};
  } catch (const Json::exception& e) {
    return absl::InternalError(Cat("image ", reference, ": unexpected engine reply: ", e.what()));
  }
}

absl::StatusOr<bool> DockerEngine::NetworkExists(const std::string& name) {
  auto r = Call("GET", Cat("/networks/", Escape(handle_->curl, name)), nullptr);
  if (!r.ok()) return r.status();
  if (r->status == 404) return false;
  if (r->status != 200) return FromHttp(r->status, Cat("network ", name, ": ", EngineMessage(*r)));
  return true;
}

absl::Status DockerEngine::CreateNetwork(const std::string& name,
                                         const std::map<std::string, std::string>& labels) {
  const std::string body = Json{
      {"Name", name},
      {"Driver", "bridge"},
      {"CheckDuplicate", true},
      {"Labels", labels}}.dump();
  auto r = Call("POST", "/networks/create", &body);
  if (!r.ok()) return r.status();
  if (r->status != 201 && r->status != 200) {
    return FromHttp(r->status, Cat("network ", name, ": ", EngineMessage(*r)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<ContainerInfo>> DockerEngine::InspectContainer(
    const std::string& name) {
  auto r = Call("GET", Cat("/containers/", Escape(handle_->curl, name), "/json"), nullptr);
  if (!r.ok()) return r.status();
  if (r->status == 404) return std::nullopt;
  if (r->status != 200) {
    return FromHttp(r->status, Cat("container ", name, ": ", EngineMessage(*r)));
  }
  try {
    return ParseContainer(Json::parse(r->body));
  } catch (const Json::exception& e) {
    return absl::InternalError(Cat("container ", name, ": unexpected engine reply: ", e.what()));
  }
}

absl::StatusOr<std::string> DockerEngine::CreateContainer(const ContainerSpec& spec) {
  const std::string body = ContainerBody(spec).dump();
  auto r = Call("POST", Cat("/containers/create?name=", Escape(handle_->curl, spec.name)), &body);
  if (!r.ok()) return r.status();
  if (r->status != 201 && r->status != 200) return FromHttp(r->status, EngineMessage(*r));
  try {
    return Json::parse(r->body).at("Id").get<std::string>();
  } catch (const Json::exception& e) {
    return absl::InternalError(Cat("unexpected engine reply to create: ", e.what()));
  }
}

absl::Status DockerEngine::StartContainer(const std::string& id) {
  auto r = Call("POST", Cat("/containers/", Escape(handle_->curl, id), "/start"), nullptr);
  if (!r.ok()) return r.status();
  if (r->status != 204 && r->status != 304) return FromHttp(r->status, EngineMessage(*r));
  return absl::OkStatus();
}

absl::Status DockerEngine::RemoveContainer(const std::string& id) {
  const std::string escaped = Escape(handle_->curl, id);
  auto stop = Call("POST", Cat("/containers/", escaped, "/stop?t=", kStopSeconds), nullptr);
  if (!stop.ok()) return stop.status();
  if (stop->status != 204 && stop->status != 304 && stop->status != 404) {
    return FromHttp(stop->status, EngineMessage(*stop));
  }
  auto r = Call("DELETE", Cat("/containers/", escaped, "?force=true&v=true"), nullptr);
  if (!r.ok()) return r.status();
  if (r->status != 204 && r->status != 200 && r->status != 404) {
    return FromHttp(r->status, EngineMessage(*r));
  }
  return absl::OkStatus();
}

}  // namespace openflow::broker
