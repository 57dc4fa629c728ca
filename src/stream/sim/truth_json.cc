#include "stream/sim/truth_json.h"

#include <cstdio>

#include "post/post_json.h"
#include "stream/sim/places.h"
#include "stream/sim/vocab.h"

namespace chorus::sim {
namespace {

void key(std::string_view k, std::string* out) {
  append_json_string(k, out);
  out->push_back(':');
}

void string_or_null(std::string_view s, std::string* out) {
  if (s.empty())
    out->append("null");
  else
    append_json_string(s, out);
}

void append_bool(bool b, std::string* out) {
  out->append(b ? "true" : "false");
}

void append_event(const SimEvent& e, int64_t end_ms, std::string* out) {
  out->append("{\"id\":");
  append_json_string(e.id, out);
  out->append(",\"kind\":");
  append_json_string(event_kind_name(e.kind), out);
  out->append(",\"place\":");
  append_json_string(place(e.place).name[kLangEn], out);
  out->append(",\"start\":" + std::to_string(e.start_ms));
  out->append(",\"tau_ms\":" + std::to_string(e.tau_ms));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", e.peak_rate);
  out->append(",\"peak_rate\":").append(buf);
  out->append(",\"hashtags\":{");
  for (int l = 0; l < kLangCount; ++l) {
    if (l) out->push_back(',');
    key(lang_code(l), out);
    append_json_string(e.hashtags[static_cast<size_t>(l)], out);
  }
  out->append("},\"facts\":[");
  for (size_t v = 0; v < e.facts.size(); ++v) {
    const FactVersion& f = e.facts[v];
    if (v) out->push_back(',');
    out->append("{\"version\":" + std::to_string(v) + ",\"from\":" + std::to_string(f.from_ms));
    out->append(",\"district\":");
    append_json_string(place(e.place).districts[kLangEn][f.district], out);
    out->append(",\"number\":" + std::to_string(f.number) + ",\"correction\":");
    append_bool(f.correction, out);
    out->push_back('}');
  }
  out->append("],\"current_version\":" + std::to_string(e.version_at(end_ms)) + "}");
}

void append_claim(const SimClaim& c, const Simulator& sim, std::string* out) {
  out->append("{\"id\":");
  append_json_string(c.id, out);
  out->append(",\"kind\":");
  append_json_string(claim_kind_name(c.kind), out);
  out->append(",\"place\":");
  append_json_string(place(c.place).name[kLangEn], out);
  out->append(",\"true\":");
  append_bool(c.is_true, out);
  out->append(",\"number\":" + std::to_string(c.number) + ",\"hashtag\":");
  append_json_string(c.hashtag, out);
  out->append(",\"lang\":");
  append_json_string(lang_code(c.lang), out);
  out->append(",\"group\":");
  append_json_string(sim.groups()[static_cast<size_t>(c.group)].id, out);
  out->append(",\"start\":" + std::to_string(c.start_ms) +
              ",\"contradiction_start\":" + std::to_string(c.contradiction_start_ms) + "}");
}

}  // namespace

void append_truth_json(const GroundTruth& t, std::string* out) {
  out->append("{\"id\":");
  append_json_string(t.post_id, out);
  out->append(",\"event\":");
  string_or_null(t.event, out);
  out->append(",\"topic\":");
  string_or_null(t.topic, out);
  out->append(",\"claim\":");
  if (t.claim_id.empty()) {
    out->append("null");
  } else {
    out->append("{\"id\":");
    append_json_string(t.claim_id, out);
    out->append(",\"true\":");
    append_bool(t.claim_true, out);
    out->push_back('}');
  }
  out->append(",\"author_automated\":");
  append_bool(t.author_automated, out);
  out->append(",\"author_coordinated\":");
  append_bool(t.author_coordinated, out);
  out->append(",\"coordination_group\":");
  string_or_null(t.coordination_group, out);
  out->append(",\"labels\":[");
  bool first = true;
  for (int b = 0; b < kLabelCount; ++b) {
    if (!(t.labels & (1u << b))) continue;
    if (!first) out->push_back(',');
    first = false;
    append_json_string(label_name(b), out);
  }
  out->append("],\"lang\":");
  string_or_null(t.lang, out);
  out->append(",\"fact_version\":");
  if (t.fact_version < 0)
    out->append("null");
  else
    out->append(std::to_string(t.fact_version));
  out->append(",\"role\":");
  append_json_string(role_name(t.role), out);
  out->push_back('}');
}

std::string catalogue_json(const Simulator& sim) {
  std::string out = "{\"seed\":" + std::to_string(sim.config().seed);
  out += ",\"start\":" + std::to_string(sim.start_ms());
  out += ",\"end\":" + std::to_string(sim.now_ms());
  out += ",\"events\":[";
  for (size_t i = 0; i < sim.events().size(); ++i) {
    if (i) out.push_back(',');
    append_event(sim.events()[i], sim.now_ms(), &out);
  }
  out += "],\"claims\":[";
  for (size_t i = 0; i < sim.claims().size(); ++i) {
    if (i) out.push_back(',');
    append_claim(sim.claims()[i], sim, &out);
  }
  out += "],\"groups\":[";
  for (size_t g = 0; g < sim.groups().size(); ++g) {
    const CoordinationGroup& group = sim.groups()[g];
    if (g) out.push_back(',');
    out += "{\"id\":";
    append_json_string(group.id, &out);
    out += ",\"lang\":";
    append_json_string(lang_code(group.lang), &out);
    out += ",\"accounts\":[";
    for (size_t m = 0; m < group.members.size(); ++m) {
      if (m) out.push_back(',');
      append_json_string(sim.accounts()[group.members[m]].account.id, &out);
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

}  // namespace chorus::sim
