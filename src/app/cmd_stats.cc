// `chorus stats [--data-dir D] [--json]`: size and health of a data dir's index (opening it
// loads the segment files and replays the rest of the log). Keys: posts, segments,
// sealed_segments, bytes_on_disk, index_bytes and its split (postings_bytes, columns_bytes,
// id_map_bytes, dictionary_bytes), duplicates, deletes and edits (applied, as replayed at open),
// tombstones (docs hidden by deletes and edits; `posts` still counts them), last_seq,
// dead_letters (lines of
// <data-dir>/dead_letters.jsonl, 0 when absent).
#include <cstdio>
#include <string>

#include "app/commands.h"
#include "base/env.h"
#include "index/index.h"

namespace chorus::app {
namespace {

struct StatsOptions {
  std::string data_dir = "./chorus-data";
  bool json = false;
};

Result<uint64_t> count_lines(Env* env, const std::string& path) {
  if (!env->exists(path)) return uint64_t{0};
  CHORUS_ASSIGN_OR_RETURN(std::string data, env->read_file(path));
  uint64_t n = 0;
  for (char c : data) n += c == '\n';
  if (!data.empty() && data.back() != '\n') ++n;
  return n;
}

Status run_stats(const StatsOptions& o) {
  Env* env = Env::posix();
  std::string dir = join_path(o.data_dir, "index");
  if (!env->exists(dir)) return not_found("no index in data dir " + o.data_dir);
  CHORUS_ASSIGN_OR_RETURN(auto idx, index::Index::open(env, dir, index::IndexOptions{}));
  index::IndexStats s = idx->stats();
  CHORUS_ASSIGN_OR_RETURN(uint64_t dead,
                          count_lines(env, join_path(o.data_dir, "dead_letters.jsonl")));
  const std::pair<const char*, uint64_t> fields[] = {{"posts", s.posts},
                                                     {"segments", s.segments},
                                                     {"sealed_segments", s.sealed_segments},
                                                     {"bytes_on_disk", s.bytes_on_disk},
                                                     {"index_bytes", s.index_bytes},
                                                     {"postings_bytes", s.postings_bytes},
                                                     {"columns_bytes", s.columns_bytes},
                                                     {"id_map_bytes", s.id_map_bytes},
                                                     {"dictionary_bytes", s.dictionary_bytes},
                                                     {"duplicates", s.duplicates},
                                                     {"deletes", s.deletes},
                                                     {"edits", s.edits},
                                                     {"tombstones", s.tombstones},
                                                     {"last_seq", s.last_seq},
                                                     {"dead_letters", dead}};
  std::string out = o.json ? "{" : "";
  for (size_t i = 0; i < std::size(fields); ++i) {
    const auto& [key, value] = fields[i];
    if (o.json) {
      out += (i ? ",\"" : "\"") + std::string(key) + "\":" + std::to_string(value);
    } else {
      out += std::string(key) + ": " + std::to_string(value) + "\n";
    }
  }
  if (o.json) out += "}\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return idx->close();
}

void add_stats(Cli& cli) {
  auto o = std::make_shared<StatsOptions>();
  CLI::App* cmd = cli.root().add_subcommand("stats", "Show index statistics of a data dir");
  cmd->add_option("--data-dir", o->data_dir, "data directory (default ./chorus-data)");
  cmd->add_flag("--json", o->json, "print JSON");
  cmd->callback([o] { report(run_stats(*o), "stats"); });
}

}  // namespace

CHORUS_COMMANDS(add_stats);

}  // namespace chorus::app
