#include "server/metrics.h"

#include <cstdio>

namespace chorus::server {
namespace {

std::string format_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string label_text(const Labels& labels, const std::string& extra_key = "",
                       const std::string& extra_value = "") {
  if (labels.empty() && extra_key.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    out += (first ? "" : ",") + k + "=\"" + escape_label_value(v) + "\"";
    first = false;
  }
  if (!extra_key.empty()) out += (first ? "" : ",") + extra_key + "=\"" + extra_value + "\"";
  return out + "}";
}

}  // namespace

std::string escape_label_value(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

Metrics::Metrics() = default;

const std::vector<double>& Metrics::buckets() {
  static const std::vector<double> b = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                        1,     2.5,  5,     10,   30,  60};
  return b;
}

Metrics::Family& Metrics::family(const std::string& name, const std::string& help,
                                 const std::string& type) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.help = help;
    it->second.type = type;
  }
  return it->second;
}

void Metrics::inc(const std::string& name, const std::string& help, const Labels& labels,
                  double by) {
  std::lock_guard<std::mutex> lock(mu_);
  family(name, help, "counter").values[labels] += by;
}

void Metrics::observe(const std::string& name, const std::string& help, const Labels& labels,
                      double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  Histogram& h = family(name, help, "histogram").histograms[labels];
  const auto& b = buckets();
  if (h.counts.empty()) h.counts.assign(b.size(), 0);
  for (size_t i = 0; i < b.size(); ++i)
    if (seconds <= b[i]) {
      ++h.counts[i];
      break;
    }
  ++h.count;
  h.sum += seconds;
}

void Metrics::add_callback(const std::string& name, const std::string& help,
                           const std::string& type, std::function<double()> read) {
  add_optional_callback(name, help, type,
                        [read = std::move(read)]() -> std::optional<double> { return read(); });
}

void Metrics::add_optional_callback(const std::string& name, const std::string& help,
                                    const std::string& type,
                                    std::function<std::optional<double>()> read) {
  std::lock_guard<std::mutex> lock(mu_);
  family(name, help, type).read = std::move(read);
}

double Metrics::counter_value(const std::string& name, const Labels& labels) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = families_.find(name);
  if (it == families_.end()) return 0;
  auto v = it->second.values.find(labels);
  return v == it->second.values.end() ? 0 : v->second;
}

std::string Metrics::render() const {
  // Callbacks run outside the lock: they may take locks of their own.
  std::vector<std::pair<std::string, std::function<std::optional<double>()>>> reads;
  std::string out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [name, f] : families_)
      if (f.read) reads.emplace_back(name, f.read);
  }
  std::map<std::string, std::optional<double>> read_values;
  for (auto& [name, fn] : reads) read_values[name] = fn();
  std::lock_guard<std::mutex> lock(mu_);
  const auto& b = buckets();
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + f.type + "\n";
    if (auto it = read_values.find(name); it != read_values.end() && it->second)
      out += name + " " + format_number(*it->second) + "\n";
    for (const auto& [labels, v] : f.values)
      out += name + label_text(labels) + " " + format_number(v) + "\n";
    for (const auto& [labels, h] : f.histograms) {
      uint64_t cum = 0;
      for (size_t i = 0; i < b.size(); ++i) {
        cum += h.counts[i];
        out += name + "_bucket" + label_text(labels, "le", format_number(b[i])) + " " +
               std::to_string(cum) + "\n";
      }
      out += name + "_bucket" + label_text(labels, "le", "+Inf") + " " + std::to_string(h.count) +
             "\n";
      out += name + "_sum" + label_text(labels) + " " + format_number(h.sum) + "\n";
      out += name + "_count" + label_text(labels) + " " + std::to_string(h.count) + "\n";
    }
  }
  return out;
}

}  // namespace chorus::server
