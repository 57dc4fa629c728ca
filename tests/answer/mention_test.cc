// Mentions of @chorus in the stream: what they ask, the reply text and its limits, rate limits
// per author and thread, and replies written to a JSONL sink with valid citations and audit.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "answer/answerer.h"
#include "answer/mention.h"
#include "answer/mention_responder.h"
#include "answer/reply_format.h"
#include "answer_test_util.h"

namespace chorus::answer {
namespace {

using testing::IndexFixture;
using testing::kMin;
using testing::kNow;
using testing::make_post;

TEST(MentionPlanTest, ModesFollowThePost) {
  Post p = make_post("m1", "bob", "@chorus what is happening in Cairo?");
  MentionRequest r = plan_mention(p, "chorus");
  ASSERT_TRUE(r.answerable);
  EXPECT_EQ(r.mode, Mode::kAsk);
  EXPECT_EQ(r.input, "what is happening in Cairo?");
  EXPECT_EQ(r.thread, "m1");

  p.reply_to = "parent";
  r = plan_mention(p, "chorus");
  EXPECT_EQ(r.mode, Mode::kCheck);
  EXPECT_EQ(r.input, "parent");
  EXPECT_EQ(r.thread, "parent");

  p.reply_to.clear();
  p.quote_of = "quoted";
  r = plan_mention(p, "CHORUS");
  EXPECT_EQ(r.mode, Mode::kExplain);
  EXPECT_EQ(r.input, "quoted");
}

TEST(MentionPlanTest, SkipsWhatIsNotAQuestionForUs) {
  EXPECT_EQ(plan_mention(make_post("a", "bob", "mail chorus@example.org"), "chorus").skip_reason,
            "not_mentioned");
  EXPECT_EQ(plan_mention(make_post("b", "bob", "@chorusfan hi"), "chorus").skip_reason,
            "not_mentioned");
  EXPECT_EQ(plan_mention(make_post("c", "chorus", "@chorus hello"), "chorus").skip_reason,
            "own_post");
  EXPECT_EQ(plan_mention(make_post("d", "bob", "  @chorus  "), "chorus").skip_reason, "empty");
  Post repost = make_post("e", "bob", "@chorus is this true?");
  repost.repost_of = "x";
  EXPECT_EQ(plan_mention(repost, "chorus").skip_reason, "repost");
  Post listed = make_post("f", "bob", "is this true?");
  listed.mentions = {"Chorus"};
  EXPECT_TRUE(plan_mention(listed, "chorus").answerable);
  EXPECT_FALSE(plan_mention(listed, "").answerable);
  EXPECT_EQ(strip_handle("@chorus, is it true @Chorus?", "chorus"), "is it true ?");
}

Answer sample_answer(size_t sources) {
  Answer a;
  a.extractive = true;
  a.text =
      "Extractive answer (no model loaded): the most representative posts of the top "
      "stories, quoted.";
  for (size_t i = 1; i <= sources; ++i) {
    a.text += "\n- @w" + std::to_string(i) + ": \u201C" + std::string(150, 'x') + " word [" +
              std::to_string(i) + "]\u201D [" + std::to_string(i) + "]";
    a.citations.push_back({static_cast<int>(i), "p" + std::to_string(i), "w", kNow, "", ""});
  }
  return a;
}

TEST(ReplyFormatTest, FitsTheNetworkAndLinksWhatItCites) {
  for (const char* network : {"mastodon", "bluesky"}) {
    const ReplyFormat f = reply_format_for(network, "https://chorus.example/p/");
    const std::string text = format_reply(sample_answer(6), "bob", f);
    EXPECT_LE(text_length(text, f.graphemes), f.max_length) << network << ": " << text;
    EXPECT_EQ(text.rfind("@bob ", 0), 0u);
    EXPECT_NE(text.find("[1] https://chorus.example/p/p1"), std::string::npos) << text;
    EXPECT_EQ(text.find("[6]"), std::string::npos) << text;  // beyond max_links
  }
}

TEST(ReplyFormatTest, CountsGraphemesAndCutsAtBoundaries) {
  // "é" as e + combining acute: two code points, one grapheme.
  const std::string e_acute = "e\xCC\x81";
  EXPECT_EQ(text_length(e_acute + e_acute, false), 4u);
  EXPECT_EQ(text_length(e_acute + e_acute, true), 2u);
  const std::string cut = cut_to_length("one two three four five six", 12, false);
  EXPECT_EQ(cut, "one two\u2026");
  EXPECT_EQ(cut_to_length("short", 10, true), "short");
}

TEST(ReplyLimiterTest, BurstThenRefill) {
  ReplyLimiter l({60, 1});  // one per minute
  EXPECT_TRUE(l.available("a", kNow));
  l.take("a", kNow);
  EXPECT_FALSE(l.available("a", kNow + 30'000));
  EXPECT_TRUE(l.available("b", kNow + 30'000));
  EXPECT_TRUE(l.available("a", kNow + 60'000));
  ReplyLimiter off({0, 0});
  off.take("a", kNow);
  EXPECT_TRUE(off.available("a", kNow));
}

class MentionResponderTest : public IndexFixture {
 protected:
  void SetUp() override {
    add(make_post("f1", "reporter1", "BREAKING: fire in Zamalek, Cairo. 12 injured #CairoFire",
                  30'000));
    add(make_post("f2", "reporter2", "Huge fire near Zamalek right now, Cairo. 12 injured",
                  20'000));
    add(make_post("f3", "witness", "Watching the fire in Zamalek from my window. Cairo", 10'000));
    add(make_post("claim", "rumor", "The Cairo tower collapsed in the fire", 5 * kMin));
    add(make_post("c1", "factcheck",
                  "False: the Cairo tower did not collapse in the fire, "
                  "fake photo",
                  4 * kMin, 0.9f));
    add(make_post("c2", "agency",
                  "Correction: no collapse of the Cairo tower, the fire is "
                  "contained, the photo is fake",
                  3 * kMin, 0.9f));
  }

  std::unique_ptr<MentionResponder> responder(MentionOptions o, const std::string& jsonl) {
    std::vector<std::unique_ptr<ReplySink>> sinks;
    sinks.push_back(std::make_unique<JsonlReplySink>(&env_, jsonl));
    o.audit_path = dir_.file("audit/replies.jsonl");
    AnswerFn fn = [this](Mode m, const std::string& input, int64_t now) {
      return answerer_.answer(m, input, now);
    };
    PostExists exists = [this](const std::string& id) { return index_->get(id).is_ok(); };
    return std::make_unique<MentionResponder>(std::move(o), fn, std::move(sinks), &env_, exists);
  }

  std::vector<nlohmann::json> lines(const std::string& path) {
    std::vector<nlohmann::json> out;
    auto all = env_.read_file(path);
    if (!all.is_ok()) return out;
    for (const std::string& l : split_lines(*all)) out.push_back(nlohmann::json::parse(l));
    return out;
  }

  PostFieldAssessor assessor_;
  Answerer answerer_{*index_, assessor_, nullptr};
};

TEST_F(MentionResponderTest, OneMentionOneReplyWithValidCitations) {
  const std::string sink = dir_.file("out/replies.jsonl");
  auto r = responder({}, sink);
  const Post chatter = make_post("x", "carol", "Cairo traffic is fine", 0);
  EXPECT_EQ(r->handle(chatter, kNow), MentionResponder::Outcome::kSkipped);
  const Post mention = make_post("m1", "bob", "@chorus what is happening in Cairo?", 0);
  add(mention);
  EXPECT_EQ(r->handle(mention, kNow), MentionResponder::Outcome::kReplied);

  const std::vector<nlohmann::json> out = lines(sink);
  ASSERT_EQ(out.size(), 1u);
  const nlohmann::json& reply = out[0];
  EXPECT_EQ(reply["in_reply_to"], "m1");
  EXPECT_EQ(reply["mode"], "ask");
  const std::string text = reply["text"];
  EXPECT_EQ(text.rfind("@bob ", 0), 0u);
  EXPECT_LE(text_length(text, false), 500u);
  ASSERT_FALSE(reply["citations"].empty());
  for (const nlohmann::json& c : reply["citations"]) {
    const std::string id = c["post_id"];
    EXPECT_TRUE(index_->get(id).is_ok()) << id;
    EXPECT_EQ(id[0], 'f') << id;  // the fire story, not the mention itself
    EXPECT_NE(text.find("[" + std::to_string(c["n"].get<int>()) + "] " + id), std::string::npos)
        << text;
  }
  // The audit file keeps the whole answer and the delivery.
  const std::vector<nlohmann::json> audit = lines(dir_.file("audit/replies.jsonl"));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_TRUE(audit[0]["answer"]["audit"].contains("used"));
  EXPECT_EQ(audit[0]["deliveries"][0]["sink"], "jsonl");
  EXPECT_TRUE(audit[0]["deliveries"][0]["ok"]);
  EXPECT_EQ(r->stats().replied, 1u);
  EXPECT_EQ(r->stats().skipped, 1u);
  ASSERT_EQ(r->recent(10).size(), 1u);

  // A restarted responder finds the reply in its audit file.
  auto again = responder({}, sink);
  ASSERT_TRUE(again->load_audit().is_ok());
  EXPECT_EQ(again->recent(10).size(), 1u);
}

TEST_F(MentionResponderTest, AReplyToAPostIsChecked) {
  const std::string sink = dir_.file("replies.jsonl");
  auto r = responder({}, sink);
  Post mention = make_post("m2", "bob", "@chorus is this true?", 0);
  mention.reply_to = "claim";
  EXPECT_EQ(r->handle(mention, kNow), MentionResponder::Outcome::kReplied);
  const std::vector<nlohmann::json> out = lines(sink);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["mode"], "check");
  const std::string text = out[0]["text"];
  EXPECT_NE(text.find("Verdict: disputed"), std::string::npos) << text;
  const nlohmann::json audit = lines(dir_.file("audit/replies.jsonl"))[0];
  EXPECT_EQ(audit["answer"]["verdict"]["label"], "disputed");
}

TEST_F(MentionResponderTest, RateLimitPerAuthorAndThread) {
  MentionOptions o;
  o.per_author = {60, 1};  // one reply per author per minute
  o.per_thread = {60, 2};
  const std::string sink = dir_.file("limited.jsonl");
  auto r = responder(o, sink);
  EXPECT_EQ(r->handle(make_post("a1", "bob", "@chorus what about Cairo?"), kNow),
            MentionResponder::Outcome::kReplied);
  EXPECT_EQ(r->handle(make_post("a2", "bob", "@chorus and Zamalek?"), kNow + 10'000),
            MentionResponder::Outcome::kRateLimited);
  EXPECT_EQ(lines(sink).size(), 1u);
  EXPECT_EQ(r->stats().rate_limited, 1u);
  // Per thread: three authors replying under one post; the third is over the thread's burst.
  for (const char* who : {"u1", "u2", "u3"}) {
    Post p = make_post(std::string("t-") + who, who, "@chorus true?");
    p.reply_to = "claim";
    r->handle(p, kNow + 20'000);
  }
  EXPECT_EQ(lines(sink).size(), 3u);
  EXPECT_EQ(r->stats().rate_limited, 2u);
  // A minute later bob may ask again.
  EXPECT_EQ(r->handle(make_post("a3", "bob", "@chorus Cairo now?"), kNow + 70'000),
            MentionResponder::Outcome::kReplied);
}

TEST_F(MentionResponderTest, UnknownParentFailsWithoutReply) {
  const std::string sink = dir_.file("failed.jsonl");
  auto r = responder({}, sink);
  Post mention = make_post("m3", "bob", "@chorus explain", 0);
  mention.quote_of = "no-such-post";
  EXPECT_EQ(r->handle(mention, kNow), MentionResponder::Outcome::kFailed);
  mention.quote_of.clear();
  mention.reply_to = "no-such-post";  // not checked as if the id were a claim
  EXPECT_EQ(r->handle(mention, kNow), MentionResponder::Outcome::kFailed);
  EXPECT_TRUE(lines(sink).empty());
  EXPECT_EQ(r->stats().failed, 2u);
}

}  // namespace
}  // namespace chorus::answer
