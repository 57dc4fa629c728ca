#include "index/index_impl.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "base/hash.h"
#include "index/query_parser.h"
#include "index/sealed_segment.h"
#include "index/searcher.h"
#include "post/post_binary.h"

namespace chorus::index {
namespace {

uint64_t id_hash(std::string_view id) {
  return hash64(id, 0x706f73745f6964ull);
}

float clamp_credibility(float c) {
  if (!(c >= 0.0f)) return c < 0.0f ? 0.0f : 1.0f;  // negative -> 0, NaN -> 1
  return std::min(c, 1.0f);
}

}  // namespace

Result<std::unique_ptr<Index>> Index::open(Env* env, const std::string& dir, IndexOptions options,
                                           RecoveryReport* report) {
  auto index = std::make_unique<IndexImpl>(env, dir, std::move(options));
  CHORUS_RETURN_IF_ERROR(index->open(report));
  return std::unique_ptr<Index>(std::move(index));
}

IndexImpl::IndexImpl(Env* env, std::string dir, IndexOptions options)
    : env_(env), dir_(std::move(dir)), options_(std::move(options)), analyzer_(options_.analyzer) {
  active_ = std::make_shared<ActiveSegment>(0, options_.segment_posts);
  publish({active_});
}

IndexImpl::~IndexImpl() {
  (void)close();
}

Status IndexImpl::open(RecoveryReport* report) {
  CHORUS_RETURN_IF_ERROR(env_->create_dirs(dir_));
  sealer_ = std::thread([this] { sealer_loop(); });
  auto replay = [this](uint64_t seq, LogLocator where, std::string_view payload) {
    return replay_record(seq, where, payload);
  };
  auto log = PostLog::open(env_, dir_, options_.log, replay, report);
  if (!log.is_ok()) return log.status().with_context("opening index in " + dir_);
  log_ = std::move(log).value();
  return Status::ok();
}

Status IndexImpl::replay_record(uint64_t seq, LogLocator where, std::string_view payload) {
  Post post;
  Status s = decode_post(payload, &post);
  if (!s.is_ok()) {
    spdlog::warn("index replay: record {} (file {}, offset {}) skipped: {}", seq, where.file,
                 where.offset, s.to_string());
    return Status::ok();
  }
  uint64_t h = id_hash(post.id);
  if (ids_.find(h)) {
    duplicates_.fetch_add(1, std::memory_order_relaxed);
    return Status::ok();
  }
  if (options_.retention_age_ms > 0 && post.created_at_ms < now() - options_.retention_age_ms) {
    return Status::ok();  // expired: not indexed
  }
  if (active_->full()) rotate_active();
  (void)ids_.insert(h, active_->base_doc() + active_->visible_docs());
  return index_post(post, where.pack(), seq);
}

void IndexImpl::analyze(const Post& post, Analyzed* a) const {
  a->tokens.clear();
  analyzer_.analyze(post.text, post.lang, &a->tokens);
  size_t from_text = a->tokens.size();
  // Hashtags and mentions carried in fields but absent from the text.
  for (const auto* list : {&post.hashtags, &post.mentions}) {
    for (const std::string& item : *list) {
      a->extra.assign(list == &post.hashtags ? "#" : "@");
      a->extra.append(item);
      std::vector<text::Token> more;
      analyzer_.analyze(a->extra, post.lang, &more);
      for (text::Token& t : more) {
        bool present = false;
        for (size_t i = 0; i < from_text && !present; ++i) present = a->tokens[i].term == t.term;
        if (!present) a->tokens.push_back(std::move(t));
      }
    }
  }
  a->sorted.clear();
  for (const text::Token& t : a->tokens)
    if (!t.term.empty() && t.term.size() <= TermTable::kMaxTermBytes) a->sorted.push_back(t.term);
  std::sort(a->sorted.begin(), a->sorted.end());
  a->terms.clear();
  a->distinct.clear();
  for (size_t i = 0; i < a->sorted.size();) {
    size_t j = i;
    while (j < a->sorted.size() && a->sorted[j] == a->sorted[i]) ++j;
    a->terms.push_back({a->sorted[i], hash64(a->sorted[i]), static_cast<uint32_t>(j - i)});
    a->distinct.push_back(a->sorted[i]);
    i = j;
  }
}

Status IndexImpl::index_post(const Post& post, uint64_t locator, uint64_t seq) {
  analyze(post, &scratch_);
  DocMeta m;
  m.created_at_ms = post.created_at_ms;
  m.author_hash = author_key(post.author.handle);
  m.locator = locator;
  m.credibility = clamp_credibility(post.credibility);
  m.engagement = clamp_engagement(post.metrics.engagement());
  m.lang = lang_code(post.lang);
  m.doc_len = static_cast<uint16_t>(std::min<size_t>(scratch_.tokens.size(), 65535));
  first_seq_.emplace(active_->base_doc(), seq);
  if (!active_->add(m, scratch_.terms)) {
    // Out of posting or dictionary space before capacity: start a new segment and retry.
    uint64_t expected = active_->base_doc() + active_->visible_docs();
    rotate_active();
    first_seq_.emplace(active_->base_doc(), seq);
    if (active_->base_doc() != expected || !active_->add(m, scratch_.terms))
      return internal_error("index: a post could not be added to a fresh segment");
  }
  trending_.add(post.created_at_ms, now(), scratch_.distinct);
  return Status::ok();
}

Result<IngestOutcome> IndexImpl::ingest(const Post& post) {
  std::vector<Result<IngestOutcome>> r = ingest_batch(std::span<const Post>(&post, 1));
  return std::move(r.front());
}

std::vector<Result<IngestOutcome>> IndexImpl::ingest_batch(std::span<const Post> posts) {
  std::vector<Result<IngestOutcome>> out;
  out.reserve(posts.size());
  std::vector<std::string> payloads;
  std::vector<size_t> fresh;  // indexes of posts to log
  std::unordered_set<uint64_t> in_batch;
  for (size_t i = 0; i < posts.size(); ++i) {
    Status v = validate(posts[i]);
    if (!v.is_ok()) {
      out.push_back(v.with_context("ingest"));
      continue;
    }
    uint64_t h = id_hash(posts[i].id);
    if (ids_.find(h) || !in_batch.insert(h).second) {
      duplicates_.fetch_add(1, std::memory_order_relaxed);
      out.push_back(IngestOutcome::kDuplicate);
      continue;
    }
    out.push_back(IngestOutcome::kIndexed);
    fresh.push_back(i);
    payloads.emplace_back();
    encode_post(posts[i], &payloads.back());
  }
  if (fresh.empty()) return out;
  std::vector<std::string_view> views(payloads.begin(), payloads.end());
  auto appended = log_->append_batch(views);
  if (!appended.is_ok()) {
    for (size_t i : fresh) out[i] = appended.status().with_context("ingest");
    return out;
  }
  for (size_t k = 0; k < fresh.size(); ++k) {
    const Post& post = posts[fresh[k]];
    const LogAppend& where = (*appended)[k];
    if (active_->full()) rotate_active();
    (void)ids_.insert(id_hash(post.id), active_->base_doc() + active_->visible_docs());
    Status s = index_post(post, where.locator.pack(), where.seq);
    if (!s.is_ok()) out[fresh[k]] = s;
  }
  return out;
}

Status IndexImpl::sync() {
  return log_->sync();
}

void IndexImpl::publish(std::vector<std::shared_ptr<const Segment>> segments) {
  auto snap = std::make_shared<Snapshot>();
  snap->segments = std::move(segments);
  snapshot_.store(std::move(snap));
}

void IndexImpl::rotate_active() {
  auto frozen = active_;
  {
    std::lock_guard<std::mutex> lock(snapshot_mu_);
    active_ = std::make_shared<ActiveSegment>(frozen->base_doc() + frozen->visible_docs(),
                                              options_.segment_posts);
    std::vector<std::shared_ptr<const Segment>> segs = snapshot_.load()->segments;
    segs.push_back(active_);
    publish(std::move(segs));
  }
  std::lock_guard<std::mutex> lock(seal_mu_);
  seal_queue_.push_back(std::move(frozen));
  seal_cv_.notify_all();
}

void IndexImpl::sealer_loop() {
  for (;;) {
    std::shared_ptr<ActiveSegment> frozen;
    {
      std::unique_lock<std::mutex> lock(seal_mu_);
      seal_cv_.wait(lock, [&] { return stopping_ || !seal_queue_.empty(); });
      if (seal_queue_.empty()) return;  // stopping with nothing left
      frozen = std::move(seal_queue_.front());
      seal_queue_.pop_front();
    }
    std::shared_ptr<const Segment> sealed = SealedSegment::build(*frozen);
    std::lock_guard<std::mutex> lock(snapshot_mu_);
    std::vector<std::shared_ptr<const Segment>> segs = snapshot_.load()->segments;
    for (auto& s : segs)
      if (s.get() == frozen.get()) s = sealed;
    publish(std::move(segs));
  }
}

Result<SearchResult> IndexImpl::search(const Query& query) const {
  std::shared_ptr<const Snapshot> snap = snapshot_.load();
  std::vector<SegmentView> views;
  for (const auto& s : snap->segments) views.push_back({s, s->visible_docs()});
  ParsedQuery parsed = parse_query(query.text, query.lang, analyzer_);
  SearchResult result;
  if (parsed.unmatchable) return result;
  SearchFilters f;
  f.since_ms = query.since_ms;
  f.until_ms = query.until_ms;
  f.author = query.author.empty() ? 0 : author_key(query.author);
  f.lang = lang_code(query.lang);
  f.min_engagement = clamp_engagement(query.min_engagement);
  ScoreParams p;
  p.k1 = options_.bm25_k1;
  p.b = options_.bm25_b;
  p.half_life_ms = static_cast<double>(std::max<int64_t>(options_.recency_half_life_ms, 1));
  p.now_ms = query.now_ms != 0 ? query.now_ms : env_->now_ms();
  SearchOutput out = execute_search(views, parsed, f, query.order, query.limit, p);
  result.matched = out.matched;
  result.exhaustive = out.exhaustive;
  for (const ScoredDoc& d : out.hits) {
    Hit hit;
    hit.doc = d.doc;
    hit.score = query.order == Query::Order::kScore ? d.score : 0.0;
    if (query.fetch_posts) {
      Result<Post> post = read_post(d.locator);
      if (!post.is_ok()) return post.status().with_context("search: reading hit");
      hit.post = std::move(post).value();
    }
    result.hits.push_back(std::move(hit));
  }
  return result;
}

Result<Post> IndexImpl::read_post(uint64_t locator) const {
  CHORUS_ASSIGN_OR_RETURN(std::string payload, log_->read(LogLocator::unpack(locator)));
  Post post;
  CHORUS_RETURN_IF_ERROR(decode_post(payload, &post));
  return post;
}

Result<Post> IndexImpl::get(std::string_view post_id) const {
  std::optional<uint64_t> doc = ids_.find(id_hash(post_id));
  if (!doc) return not_found("post " + std::string(post_id) + " is not in the index");
  std::shared_ptr<const Snapshot> snap = snapshot_.load();
  for (const auto& s : snap->segments) {
    if (*doc < s->base_doc() || *doc >= s->base_doc() + s->visible_docs()) continue;
    CHORUS_ASSIGN_OR_RETURN(
        Post p, read_post(s->meta(static_cast<uint32_t>(*doc - s->base_doc())).locator));
    if (p.id == post_id) return p;
  }
  return not_found("post " + std::string(post_id) + " is not in the index (expired or pending)");
}

std::vector<TrendingItem> IndexImpl::trending(int64_t window_ms, size_t n, int64_t now_ms) const {
  return trending_.top(window_ms, n, now_ms != 0 ? now_ms : env_->now_ms());
}

IndexStats IndexImpl::stats() const {
  IndexStats st;
  std::shared_ptr<const Snapshot> snap = snapshot_.load();
  for (const auto& s : snap->segments) {
    st.posts += s->visible_docs();
    st.index_bytes += s->memory_bytes();
  }
  st.segments = snap->segments.size();
  st.index_bytes += ids_.memory_bytes();
  st.duplicates = duplicates_.load(std::memory_order_relaxed);
  if (log_) {
    st.bytes_on_disk = log_->bytes_on_disk();
    st.last_seq = log_->last_seq();
    st.durable_seq = log_->durable_seq();
  }
  return st;
}

Status IndexImpl::apply_retention() {
  const int64_t cutoff =
      options_.retention_age_ms > 0 ? now() - options_.retention_age_ms : INT64_MIN;
  uint64_t keep_from_doc = 0;
  {
    std::lock_guard<std::mutex> lock(snapshot_mu_);
    std::vector<std::shared_ptr<const Segment>> segs = snapshot_.load()->segments;
    uint64_t total = 0;
    for (const auto& s : segs) total += s->visible_docs();
    size_t drop = 0;
    while (drop + 1 < segs.size() && segs[drop]->sealed()) {
      const Segment& s = *segs[drop];
      bool too_old = s.summary().max_created_ms < cutoff;
      bool too_many = options_.retention_max_posts > 0 &&
                      total - s.visible_docs() >= options_.retention_max_posts;
      if (!too_old && !too_many) break;
      total -= s.visible_docs();
      ++drop;
    }
    if (drop == 0) return Status::ok();
    segs.erase(segs.begin(), segs.begin() + static_cast<std::ptrdiff_t>(drop));
    keep_from_doc = segs.front()->base_doc();
    publish(std::move(segs));
  }
  auto it = first_seq_.find(keep_from_doc);
  uint64_t keep_seq = it != first_seq_.end() ? it->second : 0;
  first_seq_.erase(first_seq_.begin(), first_seq_.lower_bound(keep_from_doc));
  if (keep_seq > 0) return log_->drop_files_before(keep_seq);
  return Status::ok();
}

Status IndexImpl::close() {
  if (closed_) return Status::ok();
  closed_ = true;
  {
    std::lock_guard<std::mutex> lock(seal_mu_);
    stopping_ = true;
    seal_cv_.notify_all();
  }
  if (sealer_.joinable()) sealer_.join();
  if (log_) return log_->close();
  return Status::ok();
}

}  // namespace chorus::index
