// Plain data shared by the simulator's parts: its configuration, the per-post ground truth and
// the catalogue of events, claims and coordination groups. All times are epoch milliseconds
// (simulated clock); all durations are milliseconds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stream/sim/lang.h"
#include "stream/sim/lexicon.h"

namespace chorus::sim {

struct SimConfig {
  uint64_t seed = 1;
  // First post time; 0 means the fixed per-seed epoch of default_start_ms(seed).
  int64_t start_ms = 0;
  // Stops after this many posts (0: no limit) or once the simulated clock passes
  // start + duration_ms (0: no limit); next() then returns false.
  uint64_t max_posts = 0;
  int64_t duration_ms = 0;
  // Mean rate of organic posts, per simulated second, outside of bursts. Events, bots and
  // campaigns add to it.
  double base_rate = 50.0;
  size_t accounts = 20000;
  double verified_share = 0.015;
  double automated_share = 0.02;
  size_t coordination_groups = 6;
  // Breaking events and campaigns start as Poisson processes with these mean gaps; the first of
  // each starts after first_*_ms so that short runs contain one.
  int64_t event_interval_ms = 25 * 60 * 1000;
  int64_t first_event_ms = 60 * 1000;
  int64_t campaign_interval_ms = 45 * 60 * 1000;
  int64_t first_campaign_ms = 3 * 60 * 1000;
  // Credible accounts start contradicting a campaign's claim this long after its first wave
  // (plus up to 50% random extra).
  int64_t contradiction_delay_ms = 25 * 60 * 1000;
  // Shares of organic original posts that are abusive, prompt injections, or benign look-alikes.
  double abuse_share = 0.03;
  double injection_share = 0.004;
  double lookalike_share = 0.004;
  // Words for abusive posts; the built-in placeholder lexicon when empty.
  Lexicon lexicon;
};

// The fixed start time used for a seed when none is given: a whole second in 2024.
int64_t default_start_ms(uint64_t seed);

// Content labels of a post (bit set).
enum Label : uint32_t {
  kLabelHate = 1u << 0,
  kLabelHarassment = 1u << 1,
  kLabelViolence = 1u << 2,
  kLabelSexual = 1u << 3,
  kLabelSpam = 1u << 4,
  kLabelInjection = 1u << 5,
};
inline constexpr int kLabelCount = 6;
// "hate", "harassment", "violence", "sexual", "spam", "injection" for bit i.
std::string_view label_name(int bit);

// Why the simulator wrote a post.
enum class Role : uint8_t {
  kOrganic,             // background chatter on a topic, or a reply/quote/repost of it
  kEventReport,         // about a breaking event, citing its current facts
  kStaleReport,         // about a breaking event, citing facts that were already superseded
  kCorrection,          // a credible account correcting an event's earlier report
  kCampaign,            // a coordinated account pushing a claim
  kAmplification,       // an ordinary account reposting or quoting a campaign post
  kContradiction,       // a credible account saying a campaign's claim is false
  kAutomated,           // a regular post of an automated account
  kAbuse,               // abusive content (see labels)
  kInjection,           // a prompt-injection attempt
  kInjectionLookalike,  // benign text that resembles an injection
};
std::string_view role_name(Role r);

// Ground truth of one post, written beside it. Strings are empty where the JSON has null.
struct GroundTruth {
  std::string post_id;
  std::string event;  // the event id, or the claim id for claim posts
  std::string topic;
  std::string claim_id;
  bool claim_true = false;  // truth of the claim the post is about (not of the post itself)
  bool author_automated = false;
  bool author_coordinated = false;
  std::string coordination_group;
  uint32_t labels = 0;  // Label bits
  std::string lang;
  int fact_version = -1;  // event posts: index into SimEvent::facts, else -1
  Role role = Role::kOrganic;
};

// One version of an event's facts; versions are in time order.
struct FactVersion {
  int64_t from_ms = 0;      // current from this time until the next version's from_ms
  int district = 0;         // index into the place's districts
  int64_t number = 0;       // the event kind's metric (injured, dead, arrested, turnout %...)
  bool correction = false;  // corrects an error of the previous version (not just an update)
};

struct SimEvent {
  std::string id;  // "ev-<n>"
  int kind = 0;    // index into event_kind_names()
  int place = 0;   // index into the places table
  int64_t start_ms = 0;
  int64_t tau_ms = 0;    // the organic rate is peak_rate * (t/tau) * exp(1 - t/tau), t from start
  double peak_rate = 0;  // posts per simulated second at t = tau
  std::vector<FactVersion> facts;
  std::vector<std::string> hashtags;  // one per language, in language order
  // The version current at `t_ms` (0 before the second version starts).
  int version_at(int64_t t_ms) const;
};

struct SimClaim {
  std::string id;  // "cl-<n>"
  int kind = 0;    // index into claim_kind_names()
  int place = 0;
  bool is_true = false;
  int64_t number = 0;  // the figure the claim states, where it states one
  int group = 0;       // index into the coordination groups
  int lang = 0;        // the campaign's language
  std::string hashtag;
  int64_t start_ms = 0;
  int64_t contradiction_start_ms = 0;
};

struct CoordinationGroup {
  std::string id;  // "cg-<n>"
  int lang = 0;
  std::vector<uint32_t> members;  // account indices
};

// Names used in the ground truth and the catalogue.
std::string_view event_kind_name(int kind);
std::string_view claim_kind_name(int kind);

}  // namespace chorus::sim
