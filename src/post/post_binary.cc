#include "post/post_binary.h"

#include <cstring>

namespace chorus {
namespace {

constexpr uint8_t kVersion = 1;

uint64_t zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t unzigzag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

void put_str(std::string_view s, std::string* out) {
  put_varint(s.size(), out);
  out->append(s);
}

void put_strs(const std::vector<std::string>& v, std::string* out) {
  put_varint(v.size(), out);
  for (const auto& s : v) put_str(s, out);
}

class Reader {
 public:
  explicit Reader(std::string_view d) : d_(d) {}
  bool ok() const { return ok_; }
  const char* failed_field() const { return field_; }
  bool done() const { return pos_ == d_.size(); }

  void str(const char* field, std::string* s) {
    uint64_t n;
    if (!ok_ || !get_varint(d_, &pos_, &n) || n > d_.size() - pos_) return fail(field);
    s->assign(d_.data() + pos_, n);
    pos_ += n;
  }
  void strs(const char* field, std::vector<std::string>* v) {
    uint64_t n;
    if (!ok_ || !get_varint(d_, &pos_, &n) || n > d_.size() - pos_) return fail(field);
    v->resize(n);
    for (auto& s : *v) str(field, &s);
  }
  void i64(const char* field, int64_t* v) {
    uint64_t u;
    if (!ok_ || !get_varint(d_, &pos_, &u)) return fail(field);
    *v = unzigzag(u);
  }
  void f32(const char* field, float* v) {
    if (!ok_ || d_.size() - pos_ < 4) return fail(field);
    std::memcpy(v, d_.data() + pos_, 4);
    pos_ += 4;
  }
  void u8(const char* field, uint8_t* v) {
    if (!ok_ || pos_ >= d_.size()) return fail(field);
    *v = static_cast<uint8_t>(d_[pos_++]);
  }

 private:
  void fail(const char* field) {
    if (ok_) field_ = field;
    ok_ = false;
  }
  std::string_view d_;
  size_t pos_ = 0;
  bool ok_ = true;
  const char* field_ = "";
};

}  // namespace

void put_varint(uint64_t v, std::string* out) {
  char buf[10];  // 7 bits a byte: 64 bits take at most 10
  size_t n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  out->append(buf, n);
}

bool get_varint(std::string_view data, size_t* pos, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && *pos < data.size(); shift += 7) {
    auto byte = static_cast<uint8_t>(data[(*pos)++]);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      *v = result;
      return true;
    }
  }
  return false;
}

void encode_post(const Post& p, std::string* out) {
  out->push_back(static_cast<char>(kVersion));
  put_str(p.id, out);
  put_str(p.author.id, out);
  put_str(p.author.handle, out);
  put_str(p.author.display_name, out);
  put_varint(zigzag(p.author.created_at_ms), out);
  put_varint(zigzag(p.author.followers), out);
  put_varint(zigzag(p.author.following), out);
  out->push_back(p.author.verified ? 1 : 0);
  put_str(p.text, out);
  put_varint(zigzag(p.created_at_ms), out);
  put_str(p.lang, out);
  put_str(p.reply_to, out);
  put_str(p.quote_of, out);
  put_str(p.repost_of, out);
  put_strs(p.hashtags, out);
  put_strs(p.mentions, out);
  put_strs(p.urls, out);
  for (int64_t m :
       {p.metrics.likes, p.metrics.reposts, p.metrics.replies, p.metrics.quotes, p.metrics.views})
    put_varint(zigzag(m), out);
  put_str(p.source, out);
  char f[4];
  std::memcpy(f, &p.credibility, 4);
  out->append(f, 4);
}

Status decode_post(std::string_view data, Post* p) {
  *p = Post{};
  Reader r(data);
  uint8_t version = 0, verified = 0;
  r.u8("version", &version);
  if (r.ok() && version != kVersion)
    return corruption("post record: unknown version " + std::to_string(version));
  r.str("id", &p->id);
  r.str("author.id", &p->author.id);
  r.str("author.handle", &p->author.handle);
  r.str("author.display_name", &p->author.display_name);
  r.i64("author.created_at", &p->author.created_at_ms);
  r.i64("author.followers", &p->author.followers);
  r.i64("author.following", &p->author.following);
  r.u8("author.verified", &verified);
  p->author.verified = verified != 0;
  r.str("text", &p->text);
  r.i64("created_at", &p->created_at_ms);
  r.str("lang", &p->lang);
  r.str("reply_to", &p->reply_to);
  r.str("quote_of", &p->quote_of);
  r.str("repost_of", &p->repost_of);
  r.strs("hashtags", &p->hashtags);
  r.strs("mentions", &p->mentions);
  r.strs("urls", &p->urls);
  r.i64("metrics.likes", &p->metrics.likes);
  r.i64("metrics.reposts", &p->metrics.reposts);
  r.i64("metrics.replies", &p->metrics.replies);
  r.i64("metrics.quotes", &p->metrics.quotes);
  r.i64("metrics.views", &p->metrics.views);
  r.str("source", &p->source);
  r.f32("credibility", &p->credibility);
  if (!r.ok())
    return corruption(std::string("post record: truncated at field ") + r.failed_field());
  if (!r.done()) return corruption("post record: trailing bytes");
  return Status::ok();
}

}  // namespace chorus
