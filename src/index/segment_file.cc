#include "index/segment_file.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "base/crc32c.h"

namespace chorus::index {
namespace {

constexpr char kMagic[8] = {'C', 'H', 'S', 'E', 'G', 'v', '0', '1'};

template <typename T>
void put(std::string* out, const T& v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

template <typename T>
void put_array(std::string* out, const std::vector<T>& v) {
  put<uint64_t>(out, v.size() * sizeof(T));
  out->append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

// Reads fields from a byte range; every read is bounds-checked and the first failure sticks.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  template <typename T>
  bool get(T* v) {
    if (!ok_ || data_.size() - pos_ < sizeof(T)) return ok_ = false;
    std::memcpy(v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  template <typename T>
  bool get_array(std::vector<T>* v) {
    uint64_t n = 0;
    if (!get(&n) || n % sizeof(T) != 0 || n > data_.size() - pos_) return ok_ = false;
    v->resize(n / sizeof(T));
    if (n > 0) std::memcpy(v->data(), data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool get_bytes(std::string* s) {
    uint64_t n = 0;
    if (!get(&n) || n > data_.size() - pos_) return ok_ = false;
    s->assign(data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool get_strings(std::vector<std::string>* v) {
    uint64_t n = 0;
    if (!get(&n) || n > data_.size() - pos_) return ok_ = false;
    Reader inner(data_.substr(pos_, n));
    pos_ += n;
    while (inner.ok_ && inner.pos_ < inner.data_.size()) {
      uint32_t len = 0;
      if (!inner.get(&len) || len > inner.data_.size() - inner.pos_) return ok_ = false;
      v->emplace_back(inner.data_.data() + inner.pos_, len);
      inner.pos_ += len;
    }
    return ok_ = inner.ok_;
  }
  size_t pos() const { return pos_; }
  bool ok() const { return ok_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

std::string encode(const SealedSegment& seg, const SegmentFileInfo& info,
                   const std::vector<uint64_t>& id_hashes) {
  const SealedSegment::Parts& p = seg.parts();
  std::string out(kMagic, sizeof kMagic);
  put(&out, info.base_doc);
  put(&out, info.first_seq);
  put(&out, info.last_seq);
  put(&out, p.summary.min_created_ms);
  put(&out, p.summary.max_created_ms);
  put(&out, p.summary.max_static);
  put<uint32_t>(&out, static_cast<uint32_t>(p.columns.size()));
  put(&out, p.summary.total_doc_len);
  put_array(&out, p.term_hashes);
  put_array(&out, p.term_meta);
  std::string strings;
  for (const std::string& t : p.collided_terms) {
    put<uint32_t>(&strings, static_cast<uint32_t>(t.size()));
    strings += t;
  }
  put<uint64_t>(&out, strings.size());
  out += strings;
  put_array(&out, p.collided_meta);
  put_array(&out, p.blocks);
  put<uint64_t>(&out, p.postings.size());
  out += p.postings;
  put_array(&out, p.columns);
  put_array(&out, id_hashes);
  put<uint32_t>(&out, crc32c::mask(crc32c::extend(0, out.data(), out.size())));
  return out;
}

}  // namespace

std::string segment_file_name(uint64_t base_doc) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "seg-%016" PRIx64 ".cseg", base_doc);
  return buf;
}

bool parse_segment_file_name(const std::string& name, uint64_t* base_doc) {
  if (name.size() != 4 + 16 + 5 || name.compare(0, 4, "seg-") != 0 ||
      name.compare(20, 5, ".cseg") != 0)
    return false;
  uint64_t v = 0;
  for (size_t i = 4; i < 20; ++i) {
    char c = name[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return false;
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  *base_doc = v;
  return true;
}

Status write_segment_file(Env* env, const std::string& dir, const SealedSegment& seg,
                          const SegmentFileInfo& info, const std::vector<uint64_t>& id_hashes) {
  if (id_hashes.size() != seg.visible_docs())
    return invalid_argument("segment file: one id hash per doc is needed");
  const std::string name = segment_file_name(info.base_doc);
  const std::string tmp = dir + "/" + name + ".tmp";
  std::string bytes = encode(seg, info, id_hashes);
  {
    CHORUS_ASSIGN_OR_RETURN(auto file, env->open_append(tmp));
    Status s = file->append(bytes);
    if (s.is_ok()) s = file->sync();
    Status c = file->close();
    if (s.is_ok()) s = c;
    if (!s.is_ok()) {
      (void)env->remove_file(tmp);
      return s.with_context("writing segment file " + tmp);
    }
  }
  CHORUS_RETURN_IF_ERROR(env->rename_file(tmp, dir + "/" + name));
  return env->sync_dir(dir);
}

Result<LoadedSegment> read_segment_file(Env* env, const std::string& path) {
  CHORUS_ASSIGN_OR_RETURN(std::string data, env->read_file(path));
  auto bad = [&](const std::string& what) {
    return corruption("segment file " + path + ": " + what);
  };
  if (data.size() < sizeof kMagic + 4 || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
    return bad("not a segment file (bad magic or too short)");
  uint32_t stored = 0;
  std::memcpy(&stored, data.data() + data.size() - 4, 4);
  if (crc32c::mask(crc32c::extend(0, data.data(), data.size() - 4)) != stored)
    return bad("checksum mismatch");
  Reader r(std::string_view(data).substr(sizeof kMagic, data.size() - sizeof kMagic - 4));
  LoadedSegment out;
  SealedSegment::Parts p;
  uint32_t docs = 0;
  r.get(&out.info.base_doc);
  r.get(&out.info.first_seq);
  r.get(&out.info.last_seq);
  r.get(&p.summary.min_created_ms);
  r.get(&p.summary.max_created_ms);
  r.get(&p.summary.max_static);
  r.get(&docs);
  r.get(&p.summary.total_doc_len);
  r.get_array(&p.term_hashes);
  r.get_array(&p.term_meta);
  r.get_strings(&p.collided_terms);
  r.get_array(&p.collided_meta);
  r.get_array(&p.blocks);
  r.get_bytes(&p.postings);
  r.get_array(&p.columns);
  r.get_array(&out.id_hashes);
  if (!r.ok()) return bad("truncated section at byte " + std::to_string(r.pos() + sizeof kMagic));
  if (p.columns.size() != docs || out.id_hashes.size() != docs)
    return bad("doc count " + std::to_string(docs) + " disagrees with its columns or id hashes");
  Status v = SealedSegment::validate(p);
  if (!v.is_ok()) return bad(v.message());
  out.segment = SealedSegment::from_parts(out.info.base_doc, std::move(p));
  return out;
}

}  // namespace chorus::index
