#include "stream/sim/post_composer.h"

#include <charconv>
#include <cmath>

#include "stream/sim/arabic_variants.h"

namespace chorus::sim {
namespace {

bool trailing_punct(char c) {
  return c == '.' || c == ',' || c == '!' || c == '?' || c == ':' || c == ';' || c == ')';
}

// Sets v[n] to `s`, growing `v` when needed; reuses the string's buffer.
void put(std::vector<std::string>& v, size_t n, std::string_view s) {
  if (v.size() <= n) v.resize(n + 1);
  v[n].assign(s);
}

int64_t round_count(double v) {
  return v <= 0 ? 0 : static_cast<int64_t>(v + 0.5);
}

}  // namespace

PostComposer::PostComposer(uint64_t seed, const AccountPool& pool)
    : id_prefix_("s" + std::to_string(seed) + "-"), pool_(pool) {}

void PostComposer::format_id(uint64_t seq, std::string* out) const {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, seq);
  out->assign(id_prefix_);
  out->append(buf, r.ptr);
}

void PostComposer::begin(uint64_t seq, uint32_t author, int64_t t_ms, Post* post) const {
  const SimAccount& a = pool_[author];
  format_id(seq, &post->id);
  post->author = a.account;
  post->created_at_ms = t_ms;
  post->lang.assign(lang_code(a.lang));
  post->text.clear();
  post->reply_to.clear();
  post->quote_of.clear();
  post->repost_of.clear();
  post->hashtags.clear();
  post->mentions.clear();
  post->urls.clear();
  post->metrics = PostMetrics{};
  post->source.assign("simulator");
  post->credibility = 1.0f;
}

void PostComposer::write(const TextTemplate& t, const SlotValues& v, Rng& rng, Post* post,
                         std::string_view prefix, std::string_view suffix,
                         const ArabicStyle* style) {
  const int lang = lang_index(post->lang);
  const LangPack& pack = lang_pack(lang < 0 ? kLangEn : lang);
  std::string& raw = lang == kLangAr ? scratch_ : post->text;
  raw.clear();
  if (!prefix.empty()) {
    raw.append(prefix);
    raw.push_back(' ');
  }
  render(t, v, pack, rng, &raw);
  if (!suffix.empty()) {
    raw.push_back(' ');
    raw.append(suffix);
  }
  if (lang == kLangAr) {
    post->text.clear();
    const ArabicStyle writer = style ? *style : ArabicStyle::random(rng);
    apply_arabic_style(scratch_, writer, rng, &post->text);
  }
  extract_entities(post);
}

double PostComposer::engage(double heat, Rng& rng, Post* post) const {
  const double followers = static_cast<double>(post->author.followers);
  const double views =
      (followers * (0.02 + 0.28 * rng.uniform()) + 5.0) * heat * std::exp(0.8 * rng.normal());
  const double likes = views * (0.002 + 0.038 * rng.uniform());
  const double reposts = likes * (0.05 + 0.3 * rng.uniform());
  post->metrics.views = round_count(views);
  post->metrics.likes = round_count(likes);
  post->metrics.reposts = round_count(reposts);
  post->metrics.replies = round_count(likes * (0.03 + 0.22 * rng.uniform()));
  post->metrics.quotes = round_count(reposts * (0.05 + 0.25 * rng.uniform()));
  return views;
}

void extract_entities(Post* post) {
  std::string_view text = post->text;
  size_t tags = 0, mentions = 0, urls = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view tok = text.substr(pos, end - pos);
    pos = end + 1;
    if (tok.size() < 2) continue;
    if (tok.substr(0, 7) == "http://" || tok.substr(0, 8) == "https://") {
      put(post->urls, urls++, tok);
      continue;
    }
    if (tok[0] != '#' && tok[0] != '@') continue;
    std::string_view body = tok.substr(1);
    while (!body.empty() && trailing_punct(body.back())) body.remove_suffix(1);
    if (body.empty()) continue;
    if (tok[0] == '#')
      put(post->hashtags, tags++, body);
    else
      put(post->mentions, mentions++, body);
  }
  post->hashtags.resize(tags);
  post->mentions.resize(mentions);
  post->urls.resize(urls);
}

}  // namespace chorus::sim
