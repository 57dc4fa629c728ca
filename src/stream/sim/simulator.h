// Simulator: a seeded, deterministic firehose of believable posts with ground truth.
//
// The stream merges three sources in timestamp order: organic posts (a Poisson process at
// base_rate plus the bursts of running breaking events: chatter on seven topics, event
// reports, replies, quotes and reposts, abuse, prompt injections and look-alikes), and the
// Schedule of posts due at planned times (automated accounts on their period, campaign waves,
// amplification, contradictions, event corrections and updates). The same SimConfig gives the
// same posts, byte for byte. Post ids are "s<seed>-<n>", account ids "s<seed>-a<n>".
//
// Not thread-safe; one Simulator per thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "base/random.h"
#include "post/post.h"
#include "stream/sim/account_pool.h"
#include "stream/sim/arabic_variants.h"
#include "stream/sim/campaign_planner.h"
#include "stream/sim/event_schedule.h"
#include "stream/sim/post_composer.h"
#include "stream/sim/schedule.h"
#include "stream/sim/sim_types.h"

namespace chorus::sim {

class Simulator {
 public:
  explicit Simulator(SimConfig config);

  // Writes the next post and its ground truth (both overwritten, buffers reused). Returns
  // false, writing nothing, once max_posts posts were written or the next post would fall
  // after start + duration_ms.
  bool next(Post* post, GroundTruth* truth);

  const SimConfig& config() const { return config_; }
  int64_t start_ms() const { return start_ms_; }
  // Time of the last post written (start_ms() before the first).
  int64_t now_ms() const { return last_ms_; }
  uint64_t posts_written() const { return written_; }

  // The catalogue: events and claims started so far, coordination groups, accounts.
  const std::vector<SimEvent>& events() const { return events_.events(); }
  const std::vector<SimClaim>& claims() const { return campaigns_.claims(); }
  const std::vector<CoordinationGroup>& groups() const { return pool_.groups(); }
  const std::vector<SimAccount>& accounts() const { return pool_.accounts(); }

 private:
  // What a post in the recent-posts ring remembers, for replies, quotes and reposts.
  struct Recent {
    uint64_t seq = 0;
    uint32_t author = 0;
    int32_t event = -1;
    int32_t claim = -1;
    uint8_t topic = 0;
    float attention = 0;
  };

  void emit_organic(int64_t t, Post* post, GroundTruth* truth);
  void emit_item(const Item& item, Post* post, GroundTruth* truth);
  void organic_background(int64_t t, Post* post, GroundTruth* truth);
  void organic_event(uint32_t event, int64_t t, Post* post, GroundTruth* truth);
  void original_background(uint32_t author, Post* post, GroundTruth* truth);
  // The category of an abusive post in `lang`, or -1 when the lexicon has no words for it.
  int abuse_category(int lang);
  // A background topic: weighted by topic_weight(), or a news outlet's beat.
  int background_topic(bool news);
  void event_report(uint32_t event, uint32_t author, int version, int group, Post* post,
                    GroundTruth* truth);
  void respond(const Recent& parent, uint32_t author, int64_t t, Post* post, GroundTruth* truth);
  void bot_post(uint32_t account, Post* post, GroundTruth* truth);
  void campaign_post(uint32_t claim, uint32_t account, Post* post, GroundTruth* truth);
  void amplification(uint32_t claim, Post* post, GroundTruth* truth);
  void contradiction(uint32_t claim, Post* post, GroundTruth* truth);

  // Starts the post `seq_` by `author` at `t` and its truth from the author.
  void begin(uint32_t author, int64_t t, Post* post, GroundTruth* truth);
  void set_event(uint32_t event, GroundTruth* truth) const;
  void set_claim(uint32_t claim, GroundTruth* truth) const;
  SlotValues event_values(uint32_t event, int version, int lang, Rng& rng) const;
  SlotValues claim_values(uint32_t claim, int lang) const;
  const std::string& random_handle();
  // Adds the post `seq_` to the recent-posts rings.
  void remember(int32_t event, int32_t claim, int topic, double attention, uint32_t author);
  bool pick_recent(int32_t event, Recent* out);

  SimConfig config_;
  int64_t start_ms_;
  int64_t end_ms_;  // max int64 without a duration
  Rng rng_;
  AccountPool pool_;
  EventSchedule events_;
  CampaignPlanner campaigns_;
  PostComposer composer_;
  Schedule schedule_;
  double organic_ms_;  // time of the next organic post (fractional ms)
  uint64_t seq_ = 0;
  uint64_t written_ = 0;
  int64_t last_ms_;
  std::vector<Recent> recent_;  // ring of recent posts
  size_t recent_next_ = 0;
  std::vector<std::vector<Recent>> event_recent_;  // per event, its latest posts (ring)
  std::vector<double> topic_cum_;
  std::vector<std::array<std::string, kLangCount>> claim_tags_;  // per claim, per language
  std::vector<ArabicStyle> claim_styles_;  // per claim: its operators copy one spelling
  bool done_ = false;
};

}  // namespace chorus::sim
