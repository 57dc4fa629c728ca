// Metrics: the Prometheus registry behind GET /metrics (text exposition format 0.0.4).
//
// Three kinds of series: counters with labels (inc), histograms with labels (observe, seconds,
// fixed buckets from 5 ms to 60 s), and callback series whose value is read at scrape time
// (gauges such as queue depth, or counters owned elsewhere such as posts indexed). Names follow
// Prometheus conventions: base units, `_total` for counters. A family's help and type are
// declared on first use. Thread-safe: any thread may update or render.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace chorus::server {

// Label pairs in a fixed order, e.g. {{"route","/v1/models"},{"code","200"}}.
using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  Metrics();

  void inc(const std::string& name, const std::string& help, const Labels& labels = {},
           double by = 1);
  void observe(const std::string& name, const std::string& help, const Labels& labels,
               double seconds);
  // A series read at scrape time; `type` is "gauge" or "counter".
  void add_callback(const std::string& name, const std::string& help, const std::string& type,
                    std::function<double()> read);
  // The same for a value that may be absent (e.g. a counter the current backend does not keep):
  // while `read` returns nullopt the family renders its HELP and TYPE lines and no sample.
  void add_optional_callback(const std::string& name, const std::string& help,
                             const std::string& type, std::function<std::optional<double>()> read);

  // The whole registry in the text exposition format, families sorted by name.
  std::string render() const;
  // The current value of a counter series (0 when absent); for tests and the rate gauges.
  double counter_value(const std::string& name, const Labels& labels = {}) const;

  static const std::vector<double>& buckets();

 private:
  struct Histogram {
    std::vector<uint64_t> counts;  // per bucket, not cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  struct Family {
    std::string help;
    std::string type;  // counter, gauge, histogram
    std::map<Labels, double> values;
    std::map<Labels, Histogram> histograms;
    std::function<std::optional<double>()> read;
  };
  Family& family(const std::string& name, const std::string& help, const std::string& type);

  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

// Escapes a label value for the exposition format (backslash, quote, newline).
std::string escape_label_value(const std::string& v);

}  // namespace chorus::server
