// TrustState: the trust layer run at ingest over one stream — the per-post verdicts, the running
// account state, moderation, injection flags, community notes and the moderation audit trail —
// with O(1) lookups by post id, account id or handle for explanations (trust_report.h).
//
// ingest(post), once per post in stream order, before the post is indexed:
//   1. a post id seen before gets its stored verdict again (no re-scoring: the index will count
//      it as a duplicate); a post that fails validate() or has no author id or handle is left
//      alone (ok: the index rejects or keeps it on its own terms);
//   2. TrustScorer::assess (credibility, bot, near-dup cluster, campaign), the Moderator (policy
//      action), the InjectionDetector;
//   3. a moderation hit (any action but off) is added to the author's history and to the audit
//      trail; action drop refuses the post (kInvalidArgument "dropped at ingest by moderation
//      policy: ...", the verdict kept so that its explanation says why);
//   4. post->credibility is set to the ranking factor (see rank_factor()).
// prepare(post) computes the stateless half of steps 1-2 (validation, the near-duplicate
// sketch, the moderation result, the injection result) and keeps it for the ingest() of the same
// post id and text; it may run on other threads ahead of ingest (e.g. the decoding thread), so the
// ingest thread only does the stateful half. Prepared results wait for at most
// kMaxPreparedPosts posts; beyond that the oldest are forgotten and computed again at ingest.
// A caller that keeps its own batches can instead carry the results itself: prepare_post() on
// any thread, then ingest_batch() with them (no shared table to insert into and look up).
// Community notes: through notes() (NoteStore, refitted lazily); a note that becomes helpful
// adds a noted post to the history of the post's author (applied on the next notes read or
// explanation, and every notes_refit_ms of stream time at ingest).
// Memory: about 160 bytes per post for the newest retained_posts posts (between half of it and
// all of it: older verdicts are forgotten a generation at a time, so an old post id ingested
// again is scored again and explain_post() of it is kNotFound; past 32Ki posts the post table
// holds a whole generation's slots at once, 72 MiB for the default 1M), plus the scorer's account
// states and its windowed near-duplicate and campaign state; the audit trail keeps the last
// audit_capacity entries. The state is not persisted: a restarted server starts
// empty and builds up from the posts it ingests (`chorus trust why` replays the log instead).
// Thread-safety: all methods are thread-safe (one mutex; ingest holds it per post).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "post/post.h"
#include "trust/injection/injection_detector.h"
#include "trust/moderation/moderator.h"
#include "trust/notes/note_store.h"
#include "trust/scores/trust_scorer.h"
#include "trust/state/generational_map.h"
#include "trust/state/trust_report.h"

namespace chorus::trust {

// One moderation action taken at ingest.
struct AuditEntry {
  int64_t time_ms = 0;  // the post's creation time
  std::string post_id, account, category, reason;
  ModerationAction action = ModerationAction::kOff;
  float score = 0;
  // {"time_ms","post_id","account","action","category","score","reason"}
  std::string to_json() const;
};

struct TrustStateOptions {
  TrustOptions scores;
  ModerationPolicy policy;           // default: every category labelled at score 0.5
  std::optional<LinearModel> model;  // trained moderation model, if any
  std::optional<Lexicon> lexicon;    // lexicon rules (default_lexicon() when neither is given)
  float injection_threshold = 0.5f;
  BridgingOptions bridging;
  // Ranking factor multipliers (see TrustState::rank_factor).
  double campaign_factor = 0.5;
  double injection_factor = 0.5;
  size_t audit_capacity = 1024;
  size_t retained_posts = 1'000'000;  // post verdicts kept (see Memory above)
  int64_t notes_refit_ms = 60'000;    // stream time between refits driven by ingest
  // Called for every audit entry, under the state's lock (keep it short: a log line, a file
  // append).
  std::function<void(const AuditEntry&)> on_audit;
};

// The placeholder lexicon that ships with Chorus (data/lexicon/placeholder.tsv): made-up tokens
// such as "[slur-hate-1]" per category, so moderation works end to end without real slurs.
Lexicon default_lexicon();

// Options from the environment, for `chorus serve` and `chorus ingest`:
//   CHORUS_TRUST_POLICY   policy text (policy.h), e.g. "spam=drop, hate=exclude"
//   CHORUS_TRUST_LEXICON  path of a lexicon TSV (default: default_lexicon() without a model)
//   CHORUS_TRUST_MODEL    path of a model from `chorus trust train`
// Errors name the variable.
Result<TrustStateOptions> trust_options_from_env(
    Env* env, const std::function<const char*(const char*)>& getenv);

class TrustState {
 public:
  static Result<std::unique_ptr<TrustState>> create(TrustStateOptions options);

  // The stateless verdicts of one post version (see the file comment).
  struct PreparedPost {
    uint64_t key = 0;    // which post id, author and text they belong to
    bool valid = false;  // validate() passed
    PostHashes hashes;
    std::optional<NearDupSketch> sketch;
    ModerationResult moderation;
    InjectionResult injection;
  };

  // See the file comment. Sets post->credibility; a non-ok Status refuses the post.
  Status ingest(Post* post);
  // See the file comment; results are the same with or without it.
  void prepare(const Post& post);
  // The stateless verdicts of `post`, for ingest_batch(); thread-safe, touches no state.
  PreparedPost prepare_post(const Post& post) const;
  // The same into *out (its earlier contents replaced), without copying the sketch. `validated`:
  // the caller has already checked validate(post) (posts a stream::Decoder emits have), so it
  // is not checked again.
  void prepare_post(const Post& post, PreparedPost* out, bool validated = false) const;
  // ingest() of each post in order, prepared[i] from prepare_post(*posts[i]) (computed again
  // when the post changed since, or when prepared[i] is default-constructed); prepared entries
  // are consumed. Returns ingest()'s Status per post. posts.size() == prepared.size().
  // `unchanged`: the caller vouches that every prepared entry that is not default-constructed
  // was prepared from its post as the post is now, so the check (hashing the post's id, author
  // and text again on the ingest thread) is skipped; a broken promise gives wrong verdicts.
  std::vector<Status> ingest_batch(std::span<Post* const> posts, std::span<PreparedPost> prepared,
                                   bool unchanged = false);
  static constexpr size_t kMaxPreparedPosts = 1 << 16;
  // Prepared posts not yet ingested.
  size_t prepared_waiting() const;

  // kNotFound for a post id never ingested.
  Result<PostReport> explain_post(std::string_view post_id);
  // `who` is an account id or "@handle"; kNotFound when the account never posted.
  Result<AccountReport> explain_account(std::string_view who);

  NoteStore& notes() { return notes_; }
  // The notes on a post with current statuses (refitting when stale).
  std::vector<NoteView> notes_for_post(std::string_view post_id);
  bool knows_post(std::string_view post_id) const;

  // The newest audit entries, oldest first.
  std::vector<AuditEntry> audit() const;
  size_t posts() const;

 private:
  // What is kept per post: 56 bytes (fields ordered so that only the tail is padding).
  struct PostRecord {
    uint32_t account = 0;  // AccountState::id of the author
    float credibility = 1, bot_score = 0, campaign_score = 0, account_campaign = 0;
    float rank_factor = 1, injection_score = 0;
    uint32_t flags = 0;
    uint64_t cluster = 0, duplicate_of = 0;
    ModerationAction moderation = ModerationAction::kOff;
    bool injection = false;
    bool dropped = false;
  };
  static_assert(sizeof(PostRecord) == 56);
  TrustState(TrustStateOptions options, InjectionDetector detector);
  // The prepared verdicts of `post` (computed now when none wait); mu_ not held.
  PreparedPost take_prepared(const Post& post);
  // Steps 1-4 with mu_ held; *refit when notes are due for a refit.
  Status ingest_locked(Post* post, const PreparedPost& prep, bool* refit);

  double rank_factor(const PostTrust& t, const ModerationResult& m, bool injection) const;
  void audit_locked(const Post& post, const ModerationResult& m);
  // Applies notes that became helpful to their posts' authors; mu_ not held.
  void apply_helpful_notes();
  PostTrust trust_of(const PostRecord& r) const;
  const PostRecord* find_locked(std::string_view post_id) const;

  TrustStateOptions options_;
  Moderator moderator_;
  InjectionDetector detector_;
  NoteStore notes_;
  mutable std::mutex mu_;
  TrustScorer scorer_;
  // By hash64(post id); the newest options_.retained_posts posts (GenerationalMap).
  GenerationalMap<PostRecord> posts_;
  GenerationalMap<ModerationResult> moderated_;     // posts with a category
  GenerationalMap<std::string> injection_reasons_;  // flagged injections
  std::deque<AuditEntry> audit_;
  mutable std::mutex prepared_mu_;  // guards prepared_ and prepared_order_; never held with mu_
  std::unordered_map<uint64_t, PreparedPost> prepared_;  // by prepared_key()
  std::deque<uint64_t> prepared_order_;
  int64_t next_refit_ms_ = 0;
};

}  // namespace chorus::trust
