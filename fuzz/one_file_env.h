// An Env whose every file holds one fixed byte string (the fuzz input); everything else is the
// POSIX Env. For fuzz targets that drive a reader taking an Env and a path.
#pragma once

#include <string>

#include "base/env.h"

class OneFileEnv : public chorus::EnvWrapper {
 public:
  explicit OneFileEnv(std::string data)
      : EnvWrapper(chorus::Env::posix()), data_(std::move(data)) {}
  chorus::Result<std::string> read_file(const std::string&) override { return data_; }

 private:
  std::string data_;
};
