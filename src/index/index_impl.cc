#include "index/index_impl.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <unordered_map>
#include <unordered_set>

#include "base/hash.h"
#include "index/change_record.h"
#include "index/query_parser.h"
#include "index/sealed_segment.h"
#include "index/searcher.h"
#include "index/segment_file.h"
#include "post/post_binary.h"

namespace chorus::index {
namespace {

constexpr int kSealerNice = 10;

int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
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
  std::vector<std::string> load_messages;  // PostLog::open resets the report
  if (options_.persist_segments) CHORUS_RETURN_IF_ERROR(load_segments(&load_messages));
  std::vector<std::shared_ptr<const Segment>> loaded = snapshot_.load()->segments;
  loaded.pop_back();  // the active segment
  sealer_ = std::thread([this] { sealer_loop(); });
  auto replay = [this](uint64_t seq, LogLocator where, std::string_view payload) {
    if (seq <= loaded_seq_) return Status::ok();  // its post is in a loaded segment
    return replay_record(seq, where, payload);
  };
  auto replay_changes = [this](uint64_t seq, LogLocator where, std::string_view payload) {
    return replay_change(seq, where, payload);
  };
  replay_first_doc_ = active_->base_doc();
  auto log = PostLog::open(env_, dir_, options_.log, replay, report, replay_changes);
  if (!log.is_ok()) return log.status().with_context("opening index in " + dir_);
  flush_replay();
  replay_ = ReplayBuffer{};
  log_ = std::move(log).value();
  durable_log_.store(log_.get(), std::memory_order_release);
  for (uint64_t locator : replay_untrend_) untrend(locator);
  replay_untrend_ = {};
  replay_first_doc_ = UINT64_MAX;
  if (report)
    report->messages.insert(report->messages.end(), load_messages.begin(), load_messages.end());
  rebuild_trending(loaded);
  return Status::ok();
}

Status IndexImpl::load_segments(std::vector<std::string>* messages) {
  CHORUS_ASSIGN_OR_RETURN(std::vector<std::string> names, env_->list_dir(dir_));
  std::vector<std::pair<uint64_t, std::string>> files;
  for (const std::string& n : names) {
    uint64_t base = 0;
    if (parse_segment_file_name(n, &base)) files.push_back({base, n});
    if (n.ends_with(".cseg.tmp")) (void)env_->remove_file(dir_ + "/" + n);  // an unfinished write
  }
  std::sort(files.begin(), files.end());
  // The files cover about [first base, last base + a segment): size the id map once.
  if (!files.empty())
    ids_.reserve(files.back().first - files.front().first + options_.segment_posts);
  std::vector<std::shared_ptr<const Segment>> segs;
  uint64_t next_doc = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    Result<LoadedSegment> r = read_segment_file(env_, dir_ + "/" + files[i].second);
    std::string problem;
    if (!r.is_ok()) {
      problem = r.status().to_string();
    } else if (r->info.base_doc != files[i].first ||
               (!segs.empty() && files[i].first != next_doc)) {
      problem =
          "segment file " + files[i].second + " does not continue doc " + std::to_string(next_doc);
    }
    if (!problem.empty()) {
      spdlog::warn("index open: {}; it and later segment files are rebuilt from the log", problem);
      messages->push_back(problem + " (rebuilt from the log)");
      std::vector<std::string> later;
      for (size_t k = i; k < files.size(); ++k) later.push_back(files[k].second);
      remove_segment_files_from(later, 0);
      break;
    }
    const uint64_t base = r->info.base_doc;
    auto size = env_->file_size(dir_ + "/" + files[i].second);
    if (size.is_ok()) segment_file_bytes_.fetch_add(*size, std::memory_order_relaxed);
    std::vector<const Segment*> seen;
    for (const auto& s : segs) seen.push_back(s.get());
    seen.push_back(r->segment.get());
    for (size_t d = 0; d < r->id_hashes.size(); ++d)
      if (!ids_.insert(r->id_hashes[d], base + d))
        supersede_loaded(r->id_hashes[d], base + d, seen);
    first_seq_.emplace(base, r->info.first_seq);
    loaded_seq_ = r->info.last_seq;
    next_doc = base + r->segment->visible_docs();
    segs.push_back(std::move(r->segment));
  }
  active_ = std::make_shared<ActiveSegment>(next_doc, options_.segment_posts);
  segs.push_back(active_);
  publish(std::move(segs));
  return Status::ok();
}

void IndexImpl::remove_segment_files_from(const std::vector<std::string>& names, size_t from) {
  for (size_t k = from; k < names.size(); ++k) {
    Status s = env_->remove_file(dir_ + "/" + names[k]);
    if (!s.is_ok()) spdlog::warn("index: removing {}: {}", names[k], s.to_string());
  }
}

void IndexImpl::rebuild_trending(const std::vector<std::shared_ptr<const Segment>>& loaded) {
  const int64_t horizon = now() - Trending::kBuckets * Trending::kBucketMs;
  for (const auto& seg : loaded) {
    if (seg->summary().max_created_ms < horizon) continue;
    for (uint32_t d = 0; d < seg->visible_docs(); ++d) {
      DocMeta m = seg->meta(d);
      if (m.created_at_ms < horizon || seg->deleted(d)) continue;
      Result<Post> post = read_post(m.locator);
      if (!post.is_ok()) continue;  // the log reports its own damage
      analyze(*post, &scratch_);
      trending_.add(post->created_at_ms, now(), scratch_.terms);
    }
  }
}

Status IndexImpl::replay_record(uint64_t seq, LogLocator where, std::string_view payload) {
  ReplayBuffer& r = replay_;
  if (r.posts.size() <= r.count) r.posts.resize(r.count + 1);
  Post& post = r.posts[r.count];
  Status s = decode_post(payload, &post);
  if (!s.is_ok()) {
    spdlog::warn("index replay: record {} (file {}, offset {}) skipped: {}", seq, where.file,
                 where.offset, s.to_string());
    return Status::ok();
  }
  uint64_t h = post_id_hash(post.id);
  if (ids_.find(h) || !r.ids.insert(h).second) {
    duplicates_.fetch_add(1, std::memory_order_relaxed);
    return Status::ok();
  }
  if (options_.retention_age_ms > 0 && post.created_at_ms < now() - options_.retention_age_ms) {
    r.ids.erase(h);
    return Status::ok();  // expired: not indexed
  }
  r.logged.push_back({seq, where});
  if (++r.count == kChunkPosts) flush_replay();
  return Status::ok();
}

void IndexImpl::flush_replay() {
  ReplayBuffer& r = replay_;
  analyze_all(r.count, [&](size_t k) -> const Post& { return r.posts[k]; });
  for (size_t k = 0; k < r.count; ++k) {
    const Post& post = r.posts[k];
    if (active_->full()) rotate_active();
    const uint64_t h = post_id_hash(post.id);
    (void)ids_.insert(h, active_->base_doc() + active_->visible_docs());
    Status s = index_analyzed(post, slots_[k], h, r.logged[k].locator.pack(), r.logged[k].seq);
    if (!s.is_ok()) spdlog::warn("index replay: record {}: {}", r.logged[k].seq, s.to_string());
  }
  r.count = 0;
  r.ids.clear();
  r.logged.clear();
}

void IndexImpl::analyze_all(size_t n, const std::function<const Post&(size_t)>& post_at) {
  if (slots_.size() < n) slots_.resize(n);
  auto one = [&](size_t k) { analyze(post_at(k), &slots_[k]); };
  if (n < kShareMinPosts) {
    for (size_t k = 0; k < n; ++k) one(k);
    return;
  }
  sharing_.start(n, one);
  sharing_.finish();
}

void IndexImpl::analyze(const Post& post, Analyzed* a) const {
  a->tokens.clear();
  analyzer_.analyze(post.text, post.lang, &a->tokens);
  const size_t from_text = a->tokens.size();
  // Hashtags and mentions carried in fields but absent from the text.
  for (const auto* list : {&post.hashtags, &post.mentions}) {
    for (const std::string& item : *list) {
      a->extra.clear();
      a->extra.push_back(list == &post.hashtags ? '#' : '@');
      a->extra.append(item);
      a->more.clear();
      analyzer_.analyze(a->extra, post.lang, &a->more);
      for (size_t m = 0; m < a->more.size(); ++m) {
        const std::string_view t = a->more.term(m);
        bool present = false;
        for (size_t i = 0; i < from_text && !present; ++i) present = a->tokens.term(i) == t;
        if (!present) a->tokens.add(t, a->more.kind(m), a->more.position(m));
      }
    }
  }
  // Views into a->tokens are taken only now: add() may move its bytes.
  const text::TermList& tokens = a->tokens;
  a->keyed.clear();
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view t = tokens.term(i);
    if (!t.empty() && t.size() <= TermTable::kMaxTermBytes)
      a->keyed.push_back({hash64(t), static_cast<uint32_t>(i)});
  }
  std::sort(a->keyed.begin(), a->keyed.end(), [&](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : tokens.term(x.second) < tokens.term(y.second);
  });
  a->terms.clear();
  for (size_t i = 0; i < a->keyed.size();) {
    const std::string_view term = tokens.term(a->keyed[i].second);
    size_t j = i + 1;
    while (j < a->keyed.size() && a->keyed[j].first == a->keyed[i].first &&
           tokens.term(a->keyed[j].second) == term)
      ++j;
    a->terms.push_back({term, a->keyed[i].first, static_cast<uint32_t>(j - i)});
    i = j;
  }
}

Status IndexImpl::index_analyzed(const Post& post, const Analyzed& a, uint64_t id, uint64_t locator,
                                 uint64_t seq) {
  DocMeta m;
  m.created_at_ms = post.created_at_ms;
  m.author_hash = author_key(post.author.handle);
  m.locator = locator;
  m.credibility = post.credibility;  // clamped and quantized by PackedMeta::pack
  m.engagement = clamp_engagement(post.metrics.engagement());
  m.lang = lang_code(post.lang);
  m.doc_len = static_cast<uint16_t>(std::min<size_t>(a.tokens.size(), 65535));
  first_seq_.emplace(active_->base_doc(), seq);
  if (!active_->add(m, a.terms)) {
    // Out of posting or dictionary space before capacity: start a new segment and retry.
    uint64_t expected = active_->base_doc() + active_->visible_docs();
    rotate_active();
    first_seq_.emplace(active_->base_doc(), seq);
    if (active_->base_doc() != expected || !active_->add(m, a.terms))
      return internal_error("index: a post could not be added to a fresh segment");
  }
  active_ids_.push_back(id);
  active_last_seq_ = seq;
  trending_.add(post.created_at_ms, now(), a.terms);
  return Status::ok();
}

Result<IngestOutcome> IndexImpl::ingest(const Post& post) {
  std::vector<Result<IngestOutcome>> r = ingest_batch(std::span<const Post>(&post, 1));
  return std::move(r.front());
}

std::vector<Result<IngestOutcome>> IndexImpl::ingest_batch(std::span<const Post> posts) {
  std::vector<Result<IngestOutcome>> out;
  out.reserve(posts.size());
  ingest_posts(
      posts.size(), [&](size_t i) -> const Post& { return posts[i]; }, &out);
  return out;
}

void IndexImpl::ingest_posts(size_t n, const PostAt& post_at,
                             std::vector<Result<IngestOutcome>>* out) {
  batch_.in_batch.clear();
  for (size_t start = 0; start < n; start += kChunkPosts)
    ingest_chunk(
        std::min(kChunkPosts, n - start),
        [&](size_t i) -> const Post& { return post_at(start + i); }, out);
}

void IndexImpl::ingest_chunk(size_t count, const PostAt& post_at,
                             std::vector<Result<IngestOutcome>>* out) {
  BatchScratch& b = batch_;
  b.payloads.clear();
  b.ends.clear();
  b.fresh.clear();
  const size_t first_out = out->size();
  b.hashes.resize(count);  // each id is hashed once, for the lookup here and the insert below
  for (size_t i = 0; i < count; ++i) b.hashes[i] = post_id_hash(post_at(i).id);
  for (size_t i = 0; i < count; ++i) {
    const Post& post = post_at(i);
    Status v = validate(post);
    if (!v.is_ok()) {
      out->push_back(v.with_context("ingest"));
      continue;
    }
    const uint64_t h = b.hashes[i];
    if (ids_.writer_find(h) || !b.in_batch.insert(h)) {
      duplicates_.fetch_add(1, std::memory_order_relaxed);
      out->push_back(IngestOutcome::kDuplicate);
      continue;
    }
    out->push_back(IngestOutcome::kIndexed);
    b.fresh.push_back(i);
    encode_post(post, &b.payloads);
    b.ends.push_back(b.payloads.size());
  }
  if (b.fresh.empty()) return;
  b.views.clear();
  for (size_t k = 0, start = 0; k < b.ends.size(); start = b.ends[k++])
    b.views.emplace_back(b.payloads.data() + start, b.ends[k] - start);
  // The helper analyzes while this thread writes the log, then both finish the analysis.
  const size_t n = b.fresh.size();
  if (slots_.size() < n) slots_.resize(n);
  auto one = [&](size_t k) { analyze(post_at(b.fresh[k]), &slots_[k]); };
  const bool shared = n >= kShareMinPosts;
  if (shared) sharing_.start(n, one);
  auto appended = log_->append_batch(b.views);
  if (shared) {
    sharing_.finish();
  } else {
    for (size_t k = 0; k < n; ++k) one(k);
  }
  if (!appended.is_ok()) {
    for (size_t i : b.fresh) (*out)[first_out + i] = appended.status().with_context("ingest");
    return;
  }
  for (size_t k = 0; k < n; ++k) {
    const Post& post = post_at(b.fresh[k]);
    const LogAppend& where = (*appended)[k];
    if (active_->full()) rotate_active();
    const uint64_t h = b.hashes[b.fresh[k]];
    (void)ids_.insert(h, active_->base_doc() + active_->visible_docs());
    Status s = index_analyzed(post, slots_[k], h, where.locator.pack(), where.seq);
    if (!s.is_ok()) (*out)[first_out + b.fresh[k]] = s;
  }
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
  SealJob job;
  job.frozen = active_;
  auto first = first_seq_.find(active_->base_doc());
  job.first_seq = first != first_seq_.end() ? first->second : 0;
  job.last_seq = active_last_seq_;
  job.id_hashes = std::move(active_ids_);
  active_ids_.clear();
  {
    std::lock_guard<std::mutex> lock(snapshot_mu_);
    active_ = std::make_shared<ActiveSegment>(job.frozen->base_doc() + job.frozen->visible_docs(),
                                              options_.segment_posts);
    std::vector<std::shared_ptr<const Segment>> segs = snapshot_.load()->segments;
    segs.push_back(active_);
    publish(std::move(segs));
  }
  std::lock_guard<std::mutex> lock(seal_mu_);
  seal_queue_.push_back(std::move(job));
  seal_cv_.notify_all();
}

std::shared_ptr<const Segment> IndexImpl::seal(SealJob* job) {
  const int64_t cpu0 = thread_cpu_ns();
  std::unique_ptr<SealedSegment> sealed = SealedSegment::build(*job->frozen);
  sealing_cpu_ns_.fetch_add(static_cast<uint64_t>(thread_cpu_ns() - cpu0),
                            std::memory_order_relaxed);
  if (options_.persist_segments && sealed->visible_docs() == job->id_hashes.size()) {
    // A file must never cover records the log could still lose.
    PostLog* log = durable_log_.load(std::memory_order_acquire);
    Status s = log ? log->wait_durable(job->last_seq) : Status::ok();
    if (s.is_ok()) {
      s = write_segment_file(env_, dir_, *sealed,
                             {job->frozen->base_doc(), job->first_seq, job->last_seq},
                             job->id_hashes);
    }
    if (s.is_ok()) {
      auto size = env_->file_size(dir_ + "/" + segment_file_name(job->frozen->base_doc()));
      if (size.is_ok()) segment_file_bytes_.fetch_add(*size, std::memory_order_relaxed);
    }
    if (!s.is_ok())
      spdlog::warn("index: segment at doc {} not persisted (the log still has it): {}",
                   job->frozen->base_doc(), s.to_string());
  }
  return sealed;
}

void IndexImpl::sealer_loop() {
  // Sealing is background work: on a busy machine it yields the CPU to the writer and readers
  // (Linux nice applies per thread; failure only loses the hint).
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kSealerNice);
  for (;;) {
    SealJob job;
    {
      std::unique_lock<std::mutex> lock(seal_mu_);
      seal_cv_.wait(lock, [&] { return stopping_ || !seal_queue_.empty(); });
      if (seal_queue_.empty()) return;  // stopping with nothing left
      job = std::move(seal_queue_.front());
      seal_queue_.pop_front();
    }
    std::shared_ptr<const Segment> sealed = seal(&job);
    std::lock_guard<std::mutex> lock(snapshot_mu_);
    std::vector<std::shared_ptr<const Segment>> segs = snapshot_.load()->segments;
    for (auto& s : segs)
      if (s.get() == job.frozen.get()) s = sealed;
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
  if (query.fetch_posts) drop_superseded(&result.hits);
  return result;
}

void IndexImpl::drop_superseded(std::vector<Hit>* hits) {
  if (hits->size() < 2) return;
  std::unordered_map<std::string_view, uint64_t> newest;  // id -> highest doc among the hits
  for (const Hit& h : *hits) {
    auto [it, fresh] = newest.try_emplace(h.post.id, h.doc);
    if (!fresh) it->second = std::max(it->second, h.doc);
  }
  if (newest.size() == hits->size()) return;
  // Decide every hit before moving any: the map's keys view the hits' ids.
  std::vector<bool> keep(hits->size());
  for (size_t i = 0; i < hits->size(); ++i)
    keep[i] = newest.find((*hits)[i].post.id)->second == (*hits)[i].doc;
  std::vector<Hit> kept;
  for (size_t i = 0; i < hits->size(); ++i)
    if (keep[i]) kept.push_back(std::move((*hits)[i]));
  *hits = std::move(kept);
}

Result<Post> IndexImpl::read_post(uint64_t locator) const {
  bool is_change = false;
  CHORUS_ASSIGN_OR_RETURN(std::string payload, log_->read(LogLocator::unpack(locator), &is_change));
  if (is_change) {  // the new version of an edited post
    DecodedChange c;
    CHORUS_RETURN_IF_ERROR(decode_change(payload, &c));
    if (c.op != ChangeOp::kEdit) return corruption("index: a doc points at a delete record");
    return std::move(c.post);
  }
  Post post;
  CHORUS_RETURN_IF_ERROR(decode_post(payload, &post));
  return post;
}

Result<Post> IndexImpl::get(std::string_view post_id) const {
  const uint64_t h = post_id_hash(post_id);
  // A second look-up follows a tombstone to an edit's new version (see the file comment).
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::optional<uint32_t> low = ids_.find(h);
    if (!low) return not_found("post " + std::string(post_id) + " is not in the index");
    std::shared_ptr<const Snapshot> snap = snapshot_.load();
    const Segment& last = *snap->segments.back();
    const uint64_t end = last.base_doc() + last.visible_docs();
    const uint64_t doc = end == 0 ? UINT64_MAX : IdMap::full_doc(*low, end - 1);
    auto seg = std::find_if(snap->segments.begin(), snap->segments.end(), [&](const auto& s) {
      return doc >= s->base_doc() && doc < s->base_doc() + s->visible_docs();
    });
    if (seg == snap->segments.end()) break;
    const auto local = static_cast<uint32_t>(doc - (*seg)->base_doc());
    if ((*seg)->deleted(local)) {
      if (attempt == 0) continue;
      return not_found("post " + std::string(post_id) + " was deleted");
    }
    CHORUS_ASSIGN_OR_RETURN(Post p, read_post((*seg)->meta(local).locator));
    if (p.id == post_id) return p;
    break;
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
    st.sealed_segments += s->sealed() ? 1 : 0;
    SegmentMemory m = s->memory();
    st.postings_bytes += m.postings;
    st.columns_bytes += m.columns;
    st.dictionary_bytes += m.dictionary;
    st.tombstones += s->deleted_docs()->count();
  }
  st.segments = snap->segments.size();
  st.id_map_bytes = ids_.memory_bytes();
  st.index_bytes = st.postings_bytes + st.columns_bytes + st.dictionary_bytes + st.id_map_bytes;
  st.sealing_cpu_ns = sealing_cpu_ns_.load(std::memory_order_relaxed);
  st.duplicates = duplicates_.load(std::memory_order_relaxed);
  st.deletes = deletes_.load(std::memory_order_relaxed);
  st.edits = edits_.load(std::memory_order_relaxed);
  st.unknown_changes = unknown_changes_.load(std::memory_order_relaxed);
  st.unchanged_edits = unchanged_edits_.load(std::memory_order_relaxed);
  if (log_) {
    st.bytes_on_disk = log_->bytes_on_disk() + segment_file_bytes_.load(std::memory_order_relaxed);
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
    for (size_t k = 0; k < drop && options_.persist_segments; ++k) {
      const std::string path = dir_ + "/" + segment_file_name(segs[k]->base_doc());
      auto size = env_->file_size(path);
      Status s = env_->remove_file(path);
      if (s.is_ok() && size.is_ok())
        segment_file_bytes_.fetch_sub(*size, std::memory_order_relaxed);
      if (!s.is_ok() && s.code() != StatusCode::kNotFound)
        spdlog::warn("index retention: {}", s.to_string());
    }
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
  Status synced = log_ ? log_->sync() : Status::ok();
  if (log_ && synced.is_ok() && options_.persist_segments && active_->visible_docs() > 0) {
    // Persist the active segment too, so that a clean reopen replays nothing.
    SealJob job;
    job.frozen = active_;
    auto first = first_seq_.find(active_->base_doc());
    job.first_seq = first != first_seq_.end() ? first->second : 0;
    job.last_seq = active_last_seq_;
    job.id_hashes = std::move(active_ids_);
    (void)seal(&job);
  }
  if (log_) {
    Status c = log_->close();
    return synced.is_ok() ? c : synced;
  }
  return Status::ok();
}

}  // namespace chorus::index
