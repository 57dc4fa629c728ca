// `chorus search`: query the index of a data dir (opening it replays the log).
//   chorus search [--data-dir D] [--since 1h] [--until T] [--author H] [--lang L] [--limit K]
//                 [--order score|newest] [--json] QUERY
// Text output: one line per hit "time  @handle  score  text"; --json:
//   {"hits":[{"id","score","created_at","author","text",...full post}],"matched":N,"took_ms":X}
#include <cstdio>
#include <string>
#include <vector>

#include "app/commands.h"
#include "base/env.h"
#include "base/time_util.h"
#include "index/index.h"
#include "post/post_json.h"

namespace chorus::app {
namespace {

struct SearchOptions {
  std::string data_dir = "./chorus-data";
  std::string since, until, author, lang, order = "score";
  size_t limit = 10;
  bool json = false;
  std::vector<std::string> words;
};

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

void print_hits(const index::SearchResult& r, bool json, double took_ms) {
  std::string out;
  if (json) {
    out = "{\"hits\":[";
    for (size_t i = 0; i < r.hits.size(); ++i) {
      const index::Hit& h = r.hits[i];
      std::string post = post_to_json(h.post);  // {"id":...}
      char head[96];
      std::snprintf(head, sizeof head, "{\"score\":%.6g,\"doc\":%llu,", h.score,
                    static_cast<unsigned long long>(h.doc));
      out += (i ? "," : "") + std::string(head) + post.substr(1);
    }
    char tail[96];
    std::snprintf(tail, sizeof tail, "],\"matched\":%llu,\"took_ms\":%.3f}\n",
                  static_cast<unsigned long long>(r.matched), took_ms);
    out += tail;
  } else {
    for (const index::Hit& h : r.hits) {
      char score[32];
      std::snprintf(score, sizeof score, "%.4g", h.score);
      out += format_time_iso(h.post.created_at_ms) + "  @" + h.post.author.handle + "  " + score +
             "  " + one_line(h.post.text) + "\n";
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

Status run_search(const SearchOptions& o) {
  Env* env = Env::posix();
  std::string dir = join_path(o.data_dir, "index");
  if (!env->exists(dir)) return not_found("no index in data dir " + o.data_dir);
  index::Query q;
  for (const std::string& w : o.words) q.text += (q.text.empty() ? "" : " ") + w;
  const int64_t now = env->now_ms();
  if (!o.since.empty()) {
    CHORUS_ASSIGN_OR_RETURN(q.since_ms, parse_time_bound_ms(o.since, now));
  }
  if (!o.until.empty()) {
    CHORUS_ASSIGN_OR_RETURN(q.until_ms, parse_time_bound_ms(o.until, now));
  }
  q.author = o.author;
  q.lang = o.lang;
  q.limit = o.limit;
  if (o.order == "newest") {
    q.order = index::Query::Order::kNewest;
  } else if (o.order != "score") {
    return invalid_argument("--order: expected score or newest, got " + o.order);
  }
  CHORUS_ASSIGN_OR_RETURN(auto idx, index::Index::open(env, dir, index::IndexOptions{}));
  const int64_t start = env->monotonic_ns();
  CHORUS_ASSIGN_OR_RETURN(index::SearchResult r, idx->search(q));
  double took_ms = static_cast<double>(env->monotonic_ns() - start) / 1e6;
  print_hits(r, o.json, took_ms);
  return idx->close();
}

void add_search(Cli& cli) {
  auto o = std::make_shared<SearchOptions>();
  CLI::App* cmd = cli.root().add_subcommand("search", "Search the indexed posts");
  cmd->add_option("--data-dir", o->data_dir, "data directory (default ./chorus-data)");
  cmd->add_option("--since", o->since,
                  "only posts at or after: a duration before now (1h) or a time");
  cmd->add_option("--until", o->until, "only posts before: a duration before now or a time");
  cmd->add_option("--author", o->author, "only posts by this handle");
  cmd->add_option("--lang", o->lang, "only posts in this language");
  cmd->add_option("--limit", o->limit, "number of hits (default 10)");
  cmd->add_option("--order", o->order, "score (default) or newest");
  cmd->add_flag("--json", o->json, "print JSON");
  cmd->add_option("query", o->words, "query: words (ANDed), a OR b, -excluded, #tag, @user");
  cmd->callback([o] { report(run_search(*o), "search"); });
}

}  // namespace

CHORUS_COMMANDS(add_search);

}  // namespace chorus::app
