// libFuzzer target for the moderation inputs: the model file loader and the CSV readers.
// The first byte picks the parser, the rest is its input:
//   0  LinearModel::parse with checksum (a damaged file must be refused, never crash)
//   1  LinearModel::parse without checksum (reaches the structural checks); an accepted model
//      must score a text to probabilities that sum to 1 and re-serialize to a loadable file
//   2  CsvReader over all records; a record never has zero fields
//   3  the label,text CSV and Davidson readers through an in-memory Env
// A broken contract traps so that the fuzzer reports it.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "one_file_env.h"
#include "trust/moderation/moderation.h"

namespace {

using chorus::trust::LinearModel;

void check_model(std::string_view bytes, bool verify) {
  chorus::Result<LinearModel> m = LinearModel::parse(bytes, verify);
  if (!m.is_ok()) return;
  std::vector<float> p = m->predict("fuzz the model with this text #tag @user");
  double sum = 0;
  for (float x : p) sum += x;
  if (p.size() != m->num_labels() || !(std::fabs(sum - 1.0) < 1e-3)) __builtin_trap();
  if (!LinearModel::parse(m->serialize()).is_ok()) __builtin_trap();
}

void check_csv(std::string_view bytes) {
  chorus::trust::CsvReader r(bytes);
  std::vector<std::string> rec;
  for (int guard = 0; guard < 1000000; ++guard) {
    chorus::Result<bool> got = r.next(&rec);
    if (!got.is_ok() || !*got) return;
    if (rec.empty()) __builtin_trap();
  }
  __builtin_trap();  // next() must make progress
}

void check_datasets(std::string_view bytes) {
  OneFileEnv env{std::string(bytes)};
  for (auto load : {&chorus::trust::load_label_csv, &chorus::trust::load_davidson}) {
    chorus::Result<chorus::trust::Dataset> d = load(&env, "fuzz.csv");
    if (!d.is_ok()) continue;
    if (d->texts.size() != d->y.size()) __builtin_trap();
    for (int y : d->y) {
      if (y < 0 || y >= static_cast<int>(d->labels.size())) __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      check_model(rest, true);
      break;
    case 1:
      check_model(rest, false);
      break;
    case 2:
      check_csv(rest);
      break;
    default:
      check_datasets(rest);
      break;
  }
  return 0;
}
