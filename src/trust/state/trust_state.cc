#include "trust/state/trust_state.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "base/hash.h"

namespace chorus::trust {

std::string AuditEntry::to_json() const {
  return nlohmann::json{{"time_ms", time_ms},   {"post_id", post_id},
                        {"account", account},   {"action", std::string(action_name(action))},
                        {"category", category}, {"score", score},
                        {"reason", reason}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Lexicon default_lexicon() {
  static constexpr std::string_view kStems[] = {"slur-hate", "insult-harassment", "threat-violence",
                                                "explicit-sexual", "spam-offer"};
  std::string tsv;
  for (size_t c = 0; c < std::size(kStems); ++c)
    for (int i = 1; i <= 6; ++i)
      tsv += std::string(kModerationCategories[c]) + "\t[" + std::string(kStems[c]) + "-" +
             std::to_string(i) + "]\n";
  Result<Lexicon> lex = Lexicon::parse(tsv, "default lexicon");
  return std::move(lex).value();  // a fixed table: a parse error is a bug
}

Result<TrustStateOptions> trust_options_from_env(
    Env* env, const std::function<const char*(const char*)>& getenv) {
  TrustStateOptions o;
  auto var = [&](const char* name) {
    const char* v = getenv(name);
    return std::string(v ? v : "");
  };
  if (std::string p = var("CHORUS_TRUST_POLICY"); !p.empty()) {
    Result<ModerationPolicy> policy = ModerationPolicy::parse(p);
    if (!policy.is_ok()) return policy.status().with_context("CHORUS_TRUST_POLICY");
    o.policy = std::move(policy).value();
  }
  if (std::string path = var("CHORUS_TRUST_MODEL"); !path.empty()) {
    Result<LinearModel> model = LinearModel::load(env, path);
    if (!model.is_ok()) return model.status().with_context("CHORUS_TRUST_MODEL");
    o.model = std::move(model).value();
  }
  if (std::string path = var("CHORUS_TRUST_LEXICON"); !path.empty()) {
    Result<Lexicon> lex = Lexicon::load(env, path);
    if (!lex.is_ok()) return lex.status().with_context("CHORUS_TRUST_LEXICON");
    o.lexicon = std::move(lex).value();
  }
  return o;
}

Result<std::unique_ptr<TrustState>> TrustState::create(TrustStateOptions options) {
  CHORUS_ASSIGN_OR_RETURN(InjectionDetector detector,
                          InjectionDetector::create(options.injection_threshold));
  if (!options.model && !options.lexicon) options.lexicon = default_lexicon();
  return std::unique_ptr<TrustState>(new TrustState(std::move(options), std::move(detector)));
}

TrustState::TrustState(TrustStateOptions options, InjectionDetector detector)
    : options_(std::move(options)),
      moderator_(options_.policy, options_.model, options_.lexicon),
      detector_(std::move(detector)),
      notes_(options_.bridging),
      scorer_(options_.scores),
      posts_(options_.retained_posts, GenerationalMap<PostRecord>::Growth::kFullPastSmall),
      moderated_(options_.retained_posts),
      injection_reasons_(options_.retained_posts) {}

double TrustState::rank_factor(const PostTrust& t, const ModerationResult& m,
                               bool injection) const {
  if (m.action >= ModerationAction::kExclude) return 0;
  double f = t.credibility;
  if (t.flags & (kFlagCampaign | kFlagCoordinated)) f *= options_.campaign_factor;
  if (injection) f *= options_.injection_factor;
  return f;
}

void TrustState::audit_locked(const Post& post, const ModerationResult& m) {
  AuditEntry e{.time_ms = post.created_at_ms,
               .post_id = post.id,
               .account = std::string(AccountTracker::key_of(post.author)),
               .category = m.category,
               .reason = m.reason,
               .action = m.action,
               .score = m.score};
  if (options_.on_audit) options_.on_audit(e);
  audit_.push_back(std::move(e));
  while (audit_.size() > options_.audit_capacity) audit_.pop_front();
}

namespace {

// Prepared verdicts belong to one version of one post: its id, author key and text (`h` are the
// post's PostHashes).
uint64_t prepared_key(const Post& post, const PostHashes& h) {
  return hash64(post.text, h.id ^ mix64(h.account));
}
uint64_t prepared_key(const Post& post) {
  return prepared_key(post, PostHashes::of(post));
}

constexpr int kPrefetchStages = 3;
// Posts ingest_batch() scores under one hold of mu_: readers wait at most this many posts.
constexpr size_t kPostsPerLock = 64;

}  // namespace

TrustState::PreparedPost TrustState::prepare_post(const Post& post) const {
  PreparedPost p;
  prepare_post(post, &p);
  return p;
}

void TrustState::prepare_post(const Post& post, PreparedPost* p, bool validated) const {
  p->hashes = PostHashes::of(post);
  p->key = prepared_key(post, p->hashes);
  p->valid = validated || validate(post).is_ok();
  if (!p->valid) {
    *p = PreparedPost{.key = p->key, .hashes = p->hashes};
    return;
  }
  scorer_.sketch(post, &p->sketch);
  p->moderation = moderator_.assess(post);
  p->injection = detector_.detect(post.text);
}

void TrustState::prepare(const Post& post) {
  if (AccountTracker::key_of(post.author).empty()) return;
  PreparedPost p = prepare_post(post);
  const uint64_t key = p.key;
  std::lock_guard lock(prepared_mu_);
  if (!prepared_.insert_or_assign(key, std::move(p)).second) return;
  prepared_order_.push_back(key);
  while (prepared_order_.size() > kMaxPreparedPosts) {
    prepared_.erase(prepared_order_.front());
    prepared_order_.pop_front();
  }
}

size_t TrustState::prepared_waiting() const {
  std::lock_guard lock(prepared_mu_);
  return prepared_.size();
}

TrustState::PreparedPost TrustState::take_prepared(const Post& post) {
  {
    std::lock_guard lock(prepared_mu_);
    if (auto node = prepared_.extract(prepared_key(post))) return std::move(node.mapped());
  }
  return prepare_post(post);
}

Status TrustState::ingest(Post* post) {
  if (AccountTracker::key_of(post->author).empty()) return Status::ok();
  const PreparedPost prep = take_prepared(*post);
  bool refit = false;
  Status st;
  {
    std::lock_guard lock(mu_);
    st = ingest_locked(post, prep, &refit);
  }
  if (refit) apply_helpful_notes();
  return st;
}

std::vector<Status> TrustState::ingest_batch(std::span<Post* const> posts,
                                             std::span<PreparedPost> prepared, bool unchanged) {
  std::vector<Status> out(posts.size());
  std::vector<uint8_t> scored(posts.size());  // has an author key
  for (size_t i = 0; i < posts.size(); ++i) {
    if (AccountTracker::key_of(posts[i]->author).empty()) continue;
    scored[i] = 1;
    // A default-constructed entry has key 0 (so has one real key in 2^64: prepared again).
    const bool stale =
        prepared[i].key == 0 || (!unchanged && prepared[i].key != prepared_key(*posts[i]));
    if (stale) prepare_post(*posts[i], &prepared[i]);
  }
  // The tables a post reads are fetched while the posts before it are scored: kPrefetchStages
  // stages, the last one for the next post (TrustScorer::prefetch).
  // Each post in flight carries what its stage 1 found to its stage 2 (ring by post index).
  std::array<TrustScorer::PrefetchCarry, kPrefetchStages> carry{};
  auto prefetch = [&](size_t i, int stage) {
    TrustScorer::PrefetchCarry& c = carry[i % kPrefetchStages];
    if (i >= posts.size() || !scored[i] || !prepared[i].valid) {
      if (stage == 1) c.n = 0;
      return;
    }
    if (stage == 0) posts_.prefetch(prepared[i].hashes.id);
    scorer_.prefetch(prepared[i].hashes, prepared[i].sketch, stage, &c);
  };
  // mu_ is taken once per run of up to kPostsPerLock posts; a run ends early after a post that
  // makes notes due for a refit, which then runs (unlocked) before the next post, as in ingest().
  for (size_t i = 0; i < posts.size();) {
    bool refit = false;
    {
      std::lock_guard lock(mu_);
      for (const size_t end = std::min(posts.size(), i + kPostsPerLock); i < end && !refit; ++i) {
        if (!scored[i]) continue;
        for (int stage = 0; stage < kPrefetchStages; ++stage)
          prefetch(i + static_cast<size_t>(kPrefetchStages - stage), stage);
        out[i] = ingest_locked(posts[i], prepared[i], &refit);
      }
    }
    if (refit) apply_helpful_notes();
  }
  return out;
}

Status TrustState::ingest_locked(Post* post, const PreparedPost& prep, bool* refit) {
  // An invalid post is left to the index, which rejects it with the reason.
  if (!prep.valid) return Status::ok();
  const std::string_view key = AccountTracker::key_of(post->author);
  const uint64_t h = prep.hashes.id;
  if (const PostRecord* seen = posts_.find(h)) {
    post->credibility = seen->rank_factor;
    if (seen->dropped) return invalid_argument("dropped at ingest by moderation policy");
    return Status::ok();
  }
  PostTrust t = scorer_.assess(*post, &prep.sketch, &prep.hashes, /*reasons=*/false);
  const ModerationResult& m = prep.moderation;
  const InjectionResult& inj = prep.injection;
  PostRecord r{.account = t.account,
               .credibility = static_cast<float>(t.credibility),
               .bot_score = static_cast<float>(t.bot_score),
               .campaign_score = static_cast<float>(t.campaign_score),
               .account_campaign = static_cast<float>(t.account_campaign),
               .rank_factor = static_cast<float>(rank_factor(t, m, inj.is_injection)),
               .injection_score = inj.score,
               .flags = t.flags,
               .cluster = t.cluster,
               .duplicate_of = t.duplicate_of,
               .moderation = m.action,
               .injection = inj.is_injection,
               .dropped = m.action == ModerationAction::kDrop};
  if (inj.is_injection) injection_reasons_.insert(h, inj.explain(post->text));
  if (m.flagged()) {
    moderated_.insert(h, m);
    if (m.action != ModerationAction::kOff) {
      scorer_.record_moderation_hit(key);
      audit_locked(*post, m);
    }
  }
  posts_.insert(h, r);
  post->credibility = r.rank_factor;
  if (post->created_at_ms >= next_refit_ms_) {
    next_refit_ms_ = post->created_at_ms + options_.notes_refit_ms;
    *refit = notes_.notes() > 0;
  }
  if (r.dropped) return invalid_argument("dropped at ingest by moderation policy: " + m.reason);
  return Status::ok();
}

void TrustState::apply_helpful_notes() {
  std::vector<Note> helpful = notes_.refresh();
  if (helpful.empty()) return;
  std::lock_guard lock(mu_);
  for (const Note& n : helpful)
    if (const PostRecord* r = find_locked(n.post_id))
      scorer_.record_helpful_note(scorer_.accounts().key_of_id(r->account));
}

const TrustState::PostRecord* TrustState::find_locked(std::string_view post_id) const {
  return posts_.find(hash64(post_id));
}

PostTrust TrustState::trust_of(const PostRecord& r) const {
  PostTrust t;
  t.credibility = r.credibility;
  t.bot_score = r.bot_score;
  t.campaign_score = r.campaign_score;
  t.account_campaign = r.account_campaign;
  t.cluster = r.cluster;
  t.duplicate_of = r.duplicate_of;
  scorer_.set_flags(&t);
  return t;
}

std::vector<NoteView> TrustState::notes_for_post(std::string_view post_id) {
  apply_helpful_notes();
  return notes_.notes_for_post(post_id);
}

bool TrustState::knows_post(std::string_view post_id) const {
  std::lock_guard lock(mu_);
  return find_locked(post_id) != nullptr;
}

Result<PostReport> TrustState::explain_post(std::string_view post_id) {
  PostReport rep;
  rep.notes = notes_for_post(post_id);
  std::lock_guard lock(mu_);
  const PostRecord* r = find_locked(post_id);
  if (r == nullptr) return not_found("no post with id " + std::string(post_id));
  const uint64_t h = hash64(post_id);
  const std::string_view key = scorer_.accounts().key_of_id(r->account);
  rep.post_id = std::string(post_id);
  rep.dropped = r->dropped;
  rep.rank_factor = r->rank_factor;
  rep.at_ingest = trust_of(*r);
  rep.now = scorer_.refresh(rep.at_ingest, key);
  if (const ModerationResult* m = moderated_.find(h)) rep.moderation = *m;
  rep.injection = r->injection;
  rep.injection_score = r->injection_score;
  if (const std::string* why = injection_reasons_.find(h)) rep.injection_explanation = *why;
  std::optional<TrustExplanation> e = scorer_.explain_account(key, r->cluster);
  if (!e) return internal_error("account " + std::string(key) + " missing from the trust scorer");
  rep.explanation = std::move(*e);
  return rep;
}

Result<AccountReport> TrustState::explain_account(std::string_view who) {
  apply_helpful_notes();
  std::lock_guard lock(mu_);
  std::string_view key = who;
  if (who.starts_with('@')) {
    const std::string* by_handle = scorer_.accounts().key_for_handle(who.substr(1));
    if (by_handle == nullptr) return not_found("no account with handle " + std::string(who));
    key = *by_handle;
  }
  const AccountState* a = scorer_.accounts().find(key);
  if (a == nullptr || a->posts == 0) return not_found("no account " + std::string(who));
  std::optional<TrustExplanation> e = scorer_.explain_account(key);
  if (!e) return not_found("no account " + std::string(who));
  AccountReport rep{.handle = a->account.handle,
                    .posts = a->posts,
                    .moderation_hits = a->moderation_hits,
                    .noted_posts = a->noted_posts,
                    .explanation = std::move(*e)};
  return rep;
}

std::vector<AuditEntry> TrustState::audit() const {
  std::lock_guard lock(mu_);
  return {audit_.begin(), audit_.end()};
}

size_t TrustState::posts() const {
  std::lock_guard lock(mu_);
  return posts_.size();
}

}  // namespace chorus::trust
