// IndexImpl's edits and deletes: Index::update/remove/apply, their replay, and the tombstones
// they set. The ordering argument is in index_impl.h ("Edits and deletes").
#include <spdlog/spdlog.h>

#include <algorithm>

#include "index/change_record.h"
#include "index/index_impl.h"
#include "post/post_binary.h"

namespace chorus::index {

std::string_view change_outcome_name(ChangeOutcome outcome) {
  switch (outcome) {
    case ChangeOutcome::kIndexed:
      return "indexed";
    case ChangeOutcome::kDuplicate:
      return "duplicate";
    case ChangeOutcome::kReplaced:
      return "replaced";
    case ChangeOutcome::kDeleted:
      return "deleted";
    case ChangeOutcome::kNotFound:
      return "not_found";
    case ChangeOutcome::kGone:
      return "gone";
  }
  return "unknown";
}

Result<IndexImpl::DocRef> IndexImpl::locate(uint64_t id_hash) const {
  std::optional<uint32_t> low = ids_.find(id_hash);
  if (!low) return not_found("id not in the index");
  std::shared_ptr<const Snapshot> snap = snapshot_.load();
  const uint64_t end = active_->base_doc() + active_->visible_docs();
  if (end == 0) return not_found("id not in the index");
  const uint64_t doc = IdMap::full_doc(*low, end - 1);
  for (const auto& s : snap->segments) {
    if (doc < s->base_doc() || doc >= s->base_doc() + s->visible_docs()) continue;
    return DocRef{s, static_cast<uint32_t>(doc - s->base_doc()), doc};
  }
  return not_found("the post's segment is gone (retention)");
}

void IndexImpl::tombstone(const DocRef& ref) {
  if (!ref.segment->deleted_docs()->set(ref.local)) return;
  const DocMeta m = ref.segment->meta(ref.local);
  if (m.created_at_ms < now() - Trending::kBuckets * Trending::kBucketMs) return;  // not counted
  if (!log_) {  // replaying: the log cannot be read yet
    if (ref.doc >= replay_first_doc_) replay_untrend_.push_back(m.locator);
    return;
  }
  untrend(m.locator);
}

void IndexImpl::untrend(uint64_t locator) {
  Result<Post> post = read_post(locator);
  if (!post.is_ok()) return;  // the log reports its own damage
  analyze(*post, &scratch_);
  trending_.remove(post->created_at_ms, now(), scratch_.terms);
}

Status IndexImpl::index_version(const Post& post, uint64_t h, const DocRef* old, uint64_t locator,
                                uint64_t seq) {
  analyze(post, &scratch_);
  if (active_->full()) rotate_active();
  const uint64_t doc = active_->base_doc() + active_->visible_docs();
  if (!old) (void)ids_.insert(h, doc);
  CHORUS_RETURN_IF_ERROR(index_analyzed(post, scratch_, h, locator, seq));
  if (old) {
    (void)ids_.assign(h, doc);  // after the new doc is published, before the tombstone
    tombstone(*old);
    edits_.fetch_add(1, std::memory_order_relaxed);
  }
  return Status::ok();
}

Result<ChangeOutcome> IndexImpl::remove(std::string_view post_id) {
  if (post_id.empty() || post_id.size() > kMaxIdBytes)
    return invalid_argument("remove: post id must have 1 to " + std::to_string(kMaxIdBytes) +
                            " bytes, not " + std::to_string(post_id.size()));
  Result<DocRef> ref = locate(post_id_hash(post_id));
  if (!ref.is_ok() || ref->segment->deleted(ref->local)) {
    unknown_changes_.fetch_add(1, std::memory_order_relaxed);
    return ref.is_ok() ? ChangeOutcome::kGone : ChangeOutcome::kNotFound;
  }
  change_scratch_.clear();
  encode_delete_change(post_id, &change_scratch_);
  auto logged = log_->append_change(change_scratch_);
  if (!logged.is_ok()) return logged.status().with_context("remove " + std::string(post_id));
  tombstone(*ref);
  deletes_.fetch_add(1, std::memory_order_relaxed);
  return ChangeOutcome::kDeleted;
}

Result<ChangeOutcome> IndexImpl::update(const Post& post) {
  Status v = validate(post);
  if (!v.is_ok()) return v.with_context("update");
  const uint64_t h = post_id_hash(post.id);
  if (!ids_.find(h)) {  // never seen: the edit is the first version we get
    CHORUS_ASSIGN_OR_RETURN(IngestOutcome r, ingest(post));
    return r == IngestOutcome::kIndexed ? ChangeOutcome::kIndexed : ChangeOutcome::kDuplicate;
  }
  Result<DocRef> ref = locate(h);
  if (!ref.is_ok() || ref->segment->deleted(ref->local)) {
    unknown_changes_.fetch_add(1, std::memory_order_relaxed);
    return ref.is_ok() ? ChangeOutcome::kGone : ChangeOutcome::kNotFound;
  }
  CHORUS_ASSIGN_OR_RETURN(Post current, read_post(ref->segment->meta(ref->local).locator));
  change_scratch_.clear();
  encode_edit_change(post, &change_scratch_);
  std::string current_bytes;
  encode_post(current, &current_bytes);
  if (std::string_view(change_scratch_).substr(1) == current_bytes) {  // a re-delivery
    unchanged_edits_.fetch_add(1, std::memory_order_relaxed);
    return ChangeOutcome::kDuplicate;
  }
  auto logged = log_->append_change(change_scratch_);
  if (!logged.is_ok()) return logged.status().with_context("update " + post.id);
  CHORUS_RETURN_IF_ERROR(index_version(post, h, &*ref, logged->locator.pack(), logged->seq));
  return ChangeOutcome::kReplaced;
}

std::vector<Result<ChangeOutcome>> IndexImpl::apply(std::span<const Change> changes) {
  std::vector<Result<ChangeOutcome>> out;
  out.reserve(changes.size());
  std::vector<Result<IngestOutcome>> posts;
  for (size_t i = 0; i < changes.size();) {
    if (changes[i].kind == ChangeKind::kEdit) {
      out.push_back(update(changes[i++].post));
    } else if (changes[i].kind == ChangeKind::kDelete) {
      out.push_back(remove(changes[i++].post.id));
    } else {
      size_t j = i;
      while (j < changes.size() && changes[j].kind == ChangeKind::kPost) ++j;
      posts.clear();
      ingest_posts(
          j - i, [&](size_t k) -> const Post& { return changes[i + k].post; }, &posts);
      for (auto& r : posts) {
        if (!r.is_ok())
          out.push_back(r.status());
        else
          out.push_back(*r == IngestOutcome::kIndexed ? ChangeOutcome::kIndexed
                                                      : ChangeOutcome::kDuplicate);
      }
      i = j;
    }
  }
  return out;
}

Status IndexImpl::replay_change(uint64_t seq, LogLocator where, std::string_view payload) {
  DecodedChange c;
  Status s = decode_change(payload, &c);
  if (!s.is_ok()) {
    spdlog::warn("index replay: change record {} (file {}, offset {}) skipped: {}", seq, where.file,
                 where.offset, s.to_string());
    return Status::ok();
  }
  // An edit inside the loaded segments: its new version is loaded and load_segments tombstoned
  // the old one. A delete is applied whatever its seq: its target may be in a loaded segment.
  if (c.op == ChangeOp::kEdit && seq <= loaded_seq_) return Status::ok();
  flush_replay();  // earlier posts first: the change may refer to them
  const uint64_t h = post_id_hash(c.id);
  Result<DocRef> ref = locate(h);
  const bool live = ref.is_ok() && !ref->segment->deleted(ref->local);
  if (c.op == ChangeOp::kDelete) {
    if (live) {
      tombstone(*ref);
      deletes_.fetch_add(1, std::memory_order_relaxed);
    }
    return Status::ok();
  }
  if (ref.is_ok() && !live) return Status::ok();          // edited after its delete: stays deleted
  if (!ref.is_ok() && ids_.find(h)) return Status::ok();  // its segment is gone
  if (options_.retention_age_ms > 0 && c.post.created_at_ms < now() - options_.retention_age_ms)
    return Status::ok();  // expired: not indexed
  Status st = index_version(c.post, h, live ? &*ref : nullptr, where.pack(), seq);
  if (!st.is_ok()) spdlog::warn("index replay: change record {}: {}", seq, st.to_string());
  return Status::ok();
}

void IndexImpl::supersede_loaded(uint64_t hash, uint64_t doc,
                                 const std::vector<const Segment*>& segs) {
  std::optional<uint32_t> low = ids_.find(hash);
  if (!low) return;
  const uint64_t old = IdMap::full_doc(*low, doc);
  for (const Segment* s : segs) {
    if (old < s->base_doc() || old >= s->base_doc() + s->visible_docs()) continue;
    if (s->deleted_docs()->set(static_cast<uint32_t>(old - s->base_doc())))
      edits_.fetch_add(1, std::memory_order_relaxed);
    break;
  }
  (void)ids_.assign(hash, doc);
}

}  // namespace chorus::index
