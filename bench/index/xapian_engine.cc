// Xapian side of the index benchmark: bulk indexing without positions (commit every 10k docs),
// freshness as add_document returned -> found by a reopened reader after the next commit
// (commit every 100 docs, synced), and the same queries (BM25, top-10) on the committed database
// with no concurrent writer.
#include <filesystem>

#include "bench/index/engines.h"

#ifdef CHORUS_HAVE_XAPIAN
#include <xapian.h>
#endif

namespace chorus::bench {

#ifdef CHORUS_HAVE_XAPIAN
namespace {

Xapian::Document make_doc(const Post& p, Xapian::TermGenerator* tg) {
  Xapian::Document doc;
  tg->set_document(doc);
  tg->index_text_without_positions(p.text);
  return doc;
}

uint64_t dir_bytes(const std::string& dir) {
  uint64_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) n += e.file_size();
  return n;
}

}  // namespace

Result<Measured> run_xapian(uint64_t posts, const Corpus::Options& copts,
                            const std::vector<BenchQuery>& queries, const std::string& dir) {
  Measured m;
  try {
    Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    Corpus corpus(copts);
    Post p;
    double ingest_ms = 0, ingest_cpu_ms = 0;
    for (uint64_t i = 0; i < posts; ++i) {
      corpus.next(&p);
      double t0 = now_ms(), c0 = thread_cpu_ms();
      Xapian::Document doc = make_doc(p, &tg);
      db.add_document(doc);
      if ((i + 1) % 10'000 == 0) db.commit();
      ingest_ms += now_ms() - t0;
      ingest_cpu_ms += thread_cpu_ms() - c0;
    }
    double t0 = now_ms(), c0 = thread_cpu_ms();
    db.commit();
    ingest_ms += now_ms() - t0;
    ingest_cpu_ms += thread_cpu_ms() - c0;
    m.posts = posts;
    m.ingest_posts_per_s = static_cast<double>(posts) / (ingest_ms / 1000.0);
    m.ingest_cpu_posts_per_s = static_cast<double>(posts) / (ingest_cpu_ms / 1000.0);
    m.index_bytes_per_post = static_cast<double>(dir_bytes(dir)) / static_cast<double>(posts);

    Xapian::Database reader(dir);
    std::vector<double> fresh;
    for (uint64_t k = 0; k < 100; ++k) {
      corpus.next(&p);
      p.text.append(" ").append(probe_word(k));
      db.add_document(make_doc(p, &tg));
      double t_ret = now_ms();
      for (int i = 0; i < 99; ++i) {
        corpus.next(&p);
        db.add_document(make_doc(p, &tg));
      }
      db.commit();
      reader.reopen();
      Xapian::Enquire enq(reader);
      enq.set_query(Xapian::Query(probe_word(k)));
      if (enq.get_mset(0, 1).size() != 1) return internal_error("xapian: probe not found");
      fresh.push_back(now_ms() - t_ret);
    }
    std::vector<double> lat, lat_cpu;
    double hits = 0;
    for (const BenchQuery& bq : queries) {
      double q0 = now_ms(), c0 = thread_cpu_ms();
      std::vector<Xapian::Query> terms(bq.words.begin(), bq.words.end());
      Xapian::Enquire enq(reader);
      enq.set_query(Xapian::Query(bq.conjunctive ? Xapian::Query::OP_AND : Xapian::Query::OP_OR,
                                  terms.begin(), terms.end()));
      Xapian::MSet mset = enq.get_mset(0, 10);
      lat.push_back(now_ms() - q0);
      lat_cpu.push_back(thread_cpu_ms() - c0);
      hits += mset.size();
    }
    m.freshness_p50_ms = quantile(&fresh, 0.5);
    m.freshness_p99_ms = quantile(&fresh, 0.99);
    m.query_p50_ms = quantile(&lat, 0.5);
    m.query_p99_ms = quantile(&lat, 0.99);
    m.query_cpu_p50_ms = quantile(&lat_cpu, 0.5);
    m.query_cpu_p99_ms = quantile(&lat_cpu, 0.99);
    m.avg_hits = queries.empty() ? 0 : hits / static_cast<double>(queries.size());
    m.peak_rss_bytes = peak_rss_bytes();
  } catch (const Xapian::Error& e) {
    return internal_error("xapian: " + e.get_description());
  }
  return m;
}

#else

Result<Measured> run_xapian(uint64_t, const Corpus::Options&, const std::vector<BenchQuery>&,
                            const std::string&) {
  return Measured{};
}

#endif

}  // namespace chorus::bench
