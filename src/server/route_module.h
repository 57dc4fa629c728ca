// RouteModule: the seam through which other parts of Chorus add HTTP routes and chat models to
// `chorus serve` without editing the server's core files.
//
// A module is a class implementing install(); it calls Server::add_route() for its routes
// (auth, rate limits, CORS, body limits and per-route metrics apply automatically) and
// Server::add_chat_model() to offer a model id on /v1/chat/completions and /v1/models. Register
// a factory from any .cc file in src/server/ (the library is linked whole, so the static
// registration is never dropped):
//
//   class AskModule : public chorus::server::RouteModule { ... };
//   CHORUS_ROUTE_MODULE(AskModule);
//
// install() runs once, after the built-in routes and before the server listens; stop() runs at
// shutdown before HTTP threads are joined (end long-running responses there). See
// docs/server.md for a complete example.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"

namespace chorus::server {

class Server;

class RouteModule {
 public:
  virtual ~RouteModule() = default;
  virtual std::string name() const = 0;
  virtual Status install(Server& server) = 0;
  virtual void stop() {}
};

using RouteModuleFactory = std::function<std::unique_ptr<RouteModule>()>;

// Adds a factory to the process-wide list that every Server instantiates; returns its index.
int register_route_module(RouteModuleFactory factory);
const std::vector<RouteModuleFactory>& route_module_factories();

}  // namespace chorus::server

#define CHORUS_ROUTE_MODULE_CAT2(a, b) a##b
#define CHORUS_ROUTE_MODULE_CAT(a, b) CHORUS_ROUTE_MODULE_CAT2(a, b)
#define CHORUS_ROUTE_MODULE(Type)                                            \
  static const int CHORUS_ROUTE_MODULE_CAT(chorus_route_module_, __LINE__) = \
      ::chorus::server::register_route_module([] { return std::make_unique<Type>(); })
