// stream_bench: decoding throughput per source format, printed as one JSON document.
//
// Each format decodes N synthetic records built in memory (canonical posts, Jetstream commit
// events, Mastodon statuses, X API v2 stream lines) of realistic shape and size. For canonical
// JSONL the peer figure is simdjson's DOM parse of the same lines without building Posts (the
// DOM kernel is picked at run time; On-Demand, which PostJsonParser uses, is compiled for the
// build target, reported as "ondemand_kernel"). "pipeline_jsonl" runs the 2-thread
// IngestPipeline from a file to a consumer that only counts.
// "ingest_jsonl" is what `chorus ingest` does end to end: a JSONL file (argument 2, e.g. the
// output of `chorus simulate --fast`, or the synthetic posts) through the 2-thread pipeline
// into a fresh Index (ingest_batch per batch, sync at the end).
// Usage: stream_bench [N [FILE]]   (default 200000 synthetic records)
#include <simdjson.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "index/index.h"
#include "post/post_json.h"
#include "stream/decoder.h"
#include "stream/ingest_pipeline.h"
#include "stream/line_reader.h"

namespace chorus::stream {
namespace {

const char* kWords[] = {"fire",   "port",   "Alexandria", "flood", "road",
                        "closed", "people", "near",       "the",   "reported",
                        "police", "حريق",   "ميناء",      "news",  "😀"};

std::string sentence(int i, int n) {
  std::string s;
  for (int k = 0; k < n; ++k) {
    if (k) s += ' ';
    s += kWords[(i * 7 + k * 3) % 15];
  }
  return s;
}

std::string canonical(int i) {
  Post p;
  p.id = "p-" + std::to_string(i);
  p.author.id = "a-" + std::to_string(i % 5000);
  p.author.handle = "user" + std::to_string(i % 5000);
  p.author.display_name = "User " + std::to_string(i % 5000);
  p.author.created_at_ms = 1577836800000;
  p.author.followers = i % 10000;
  p.text = sentence(i, 18) + " #tag" + std::to_string(i % 50);
  p.created_at_ms = 1709294400000 + i;
  p.lang = "en";
  p.hashtags = {"tag" + std::to_string(i % 50)};
  p.source = "simulator";
  return post_to_json(p);
}

std::string jetstream(int i) {
  std::string text;
  append_json_string(sentence(i, 18), &text);
  return R"({"did":"did:plc:abcdefghijklmnop)" + std::to_string(i % 5000) + R"(","time_us":)" +
         std::to_string(1783175888090631LL + i) +
         R"(,"kind":"commit","commit":{"rev":"3mptbypcq372f","operation":"create","collection":"app.bsky.feed.post","rkey":"3mptbyoeyc)" +
         std::to_string(i) +
         R"(","record":{"$type":"app.bsky.feed.post","createdAt":"2026-07-04T14:38:06.240Z","langs":["en"],"text":)" +
         text + R"(},"cid":"bafyreiapzyf65cmq55jklpnrihiygze2jmmdqvvkwqeiomd72pbp2iazuu"}})";
}

std::string mastodon(int i) {
  std::string content;
  append_json_string(
      "<p>" + sentence(i, 18) +
          " <a href=\"https://m.s/tags/fire\" class=\"mention hashtag\">#<span>fire</span></a></p>",
      &content);
  return R"({"id":")" + std::to_string(117020593741189701LL + i) +
         R"(","created_at":"2026-08-01T13:55:55.867Z","in_reply_to_id":null,"sensitive":false,"spoiler_text":"","visibility":"public","language":"en","replies_count":0,"reblogs_count":1,"favourites_count":2,"quotes_count":0,"content":)" +
         content +
         R"(,"reblog":null,"account":{"id":"117020566092212359","username":"u","acct":"u)" +
         std::to_string(i % 5000) +
         R"(","display_name":"","bot":false,"created_at":"2026-08-01T00:00:00.000Z","followers_count":3,"following_count":4},"mentions":[],"tags":[{"name":"fire","url":"https://m.s/tags/fire"}]})";
}

std::string xv2(int i) {
  std::string text;
  append_json_string(sentence(i, 18), &text);
  return R"({"data":{"author_id":"4602771083","id":")" + std::to_string(1377650090978992134LL + i) +
         R"(","created_at":"2021-04-01T15:52:31.000Z","text":)" + text +
         R"(,"lang":"en","entities":{"hashtags":[{"start":0,"end":5,"tag":"fire"}]},"public_metrics":{"retweet_count":0,"reply_count":0,"like_count":3,"quote_count":0}},"includes":{"users":[{"id":"4602771083","username":"blackheart_265","name":"B","created_at":"2015-12-24T00:00:00.000Z","public_metrics":{"followers_count":10,"following_count":2,"tweet_count":5,"listed_count":0}}]},"matching_rules":[{"id":"1","tag":"fire"}]})";
}

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Records per second decoding `lines`; aborts on a rejection (the inputs are valid).
double decode_rate(const std::string& format, const std::vector<std::string>& lines) {
  auto d = make_decoder(format);
  DecodeOutput out;
  double best = 0;
  for (int rep = 0; rep < 3; ++rep) {
    double t0 = now_s();
    for (const auto& l : lines) {
      Status st = (*d)->decode(l, &out);
      if (!st.is_ok()) {
        std::fprintf(stderr, "%s: %s\n", format.c_str(), st.to_string().c_str());
        std::exit(1);
      }
      if (out.events.size() >= 1024) out.clear();
    }
    best = std::max(best, static_cast<double>(lines.size()) / (now_s() - t0));
    out.clear();
  }
  return best;
}

double dom_parse_rate(const std::vector<std::string>& lines) {
  simdjson::dom::parser parser;
  std::string buf;
  double best = 0;
  for (int rep = 0; rep < 3; ++rep) {
    double t0 = now_s();
    size_t keys = 0;
    for (const auto& l : lines) {
      buf.assign(l);
      buf.append(simdjson::SIMDJSON_PADDING, '\0');
      simdjson::dom::element e;
      simdjson::dom::object o;
      if (parser.parse(buf.data(), l.size(), false).get(e) || e.get_object().get(o)) std::exit(1);
      keys += o.size();
    }
    if (keys == 0) std::exit(1);
    best = std::max(best, static_cast<double>(lines.size()) / (now_s() - t0));
  }
  return best;
}

double pipeline_rate(const std::vector<std::string>& lines) {
  std::string path = "/tmp/chorus_stream_bench_" + std::to_string(::getpid()) + ".jsonl";
  std::string all;
  for (const auto& l : lines) all.append(l).push_back('\n');
  if (!Env::posix()->write_file_atomic(path, all).is_ok()) std::exit(1);
  LineReader reader(std::make_unique<FileByteSource>(Env::posix(), path));
  auto d = make_decoder("jsonl");
  IngestPipeline pipeline(Env::posix(), &reader, d->get(), nullptr, {});
  uint64_t n = 0;
  double t0 = now_s();
  Status st = pipeline.run([&](std::vector<StreamEvent>& b) {
    n += b.size();
    return Status::ok();
  });
  double rate = static_cast<double>(n) / (now_s() - t0);
  (void)Env::posix()->remove_file(path);
  return st.is_ok() && n == lines.size() ? rate : 0;
}

// Posts per second through reader, decoder and Index::ingest_batch into a fresh index.
double ingest_rate(const std::string& path, uint64_t* ingested) {
  std::string dir = "/tmp/chorus_stream_bench_index_" + std::to_string(::getpid());
  auto idx = index::Index::open(Env::posix(), dir, index::IndexOptions{});
  if (!idx.is_ok()) std::exit(1);
  LineReader reader(std::make_unique<FileByteSource>(Env::posix(), path));
  auto d = make_decoder("jsonl");
  IngestPipeline pipeline(Env::posix(), &reader, d->get(), nullptr, {});
  std::vector<Post> posts;
  double t0 = now_s();
  Status st = pipeline.run([&](std::vector<StreamEvent>& b) {
    posts.clear();
    for (auto& e : b) posts.push_back(std::move(e.post));
    for (const auto& r : (*idx)->ingest_batch(posts)) *ingested += r.is_ok();
    return Status::ok();
  });
  Status synced = (*idx)->sync();
  double rate = static_cast<double>(*ingested) / (now_s() - t0);
  (void)(*idx)->close();
  std::string cmd = "rm -rf " + dir;
  if (std::system(cmd.c_str()) != 0) std::exit(1);
  return st.is_ok() && synced.is_ok() ? rate : 0;
}

}  // namespace
}  // namespace chorus::stream

int main(int argc, char** argv) {
  using namespace chorus::stream;
  int n = argc > 1 ? std::atoi(argv[1]) : 200000;
  std::vector<std::string> lines[4];
  std::string (*make[4])(int) = {canonical, jetstream, mastodon, xv2};
  const char* formats[4] = {"jsonl", "jetstream", "mastodon", "xv2"};
  size_t bytes[4] = {};
  for (int f = 0; f < 4; ++f)
    for (int i = 0; i < n; ++i) {
      lines[f].push_back(make[f](i));
      bytes[f] += lines[f].back().size();
    }
  std::printf("{\"records\":%d,\"dom_kernel\":\"%s\",\"ondemand_kernel\":\"%s\",\"formats\":{", n,
              simdjson::get_active_implementation()->name().c_str(),
              simdjson::builtin_implementation()->name().c_str());
  for (int f = 0; f < 4; ++f) {
    double rate = decode_rate(formats[f], lines[f]);
    std::printf("%s\"%s\":{\"posts_per_s\":%.0f,\"mb_per_s\":%.1f}", f ? "," : "", formats[f], rate,
                rate * static_cast<double>(bytes[f]) / n / 1e6);
  }
  double dom = dom_parse_rate(lines[0]);
  double jsonl = decode_rate("jsonl", lines[0]);
  std::printf("},\"jsonl_peer_dom_parse_only_per_s\":%.0f,\"jsonl_ratio_to_dom_parse\":%.2f", dom,
              jsonl / dom);
  std::printf(",\"pipeline_jsonl_posts_per_s\":%.0f", pipeline_rate(lines[0]));
  std::string file = argc > 2 ? argv[2] : "";
  if (file.empty()) {
    file = "/tmp/chorus_stream_bench_in_" + std::to_string(::getpid()) + ".jsonl";
    std::string all;
    for (const auto& l : lines[0]) all.append(l).push_back('\n');
    if (!chorus::Env::posix()->write_file_atomic(file, all).is_ok()) return 1;
  }
  uint64_t ingested = 0;
  double rate = ingest_rate(file, &ingested);
  if (argc <= 2) (void)chorus::Env::posix()->remove_file(file);
  std::printf(",\"ingest_jsonl\":{\"input\":\"%s\",\"posts\":%llu,\"posts_per_s\":%.0f}}\n",
              argc > 2 ? argv[2] : "synthetic", static_cast<unsigned long long>(ingested), rate);
  return 0;
}
