// Explanations of trust verdicts, shared by GET /api/trust/{post,account}/{id} and
// `chorus trust why` (one code path, two renderings: JSON and text).
//
// PostReport JSON:
//   {"post_id","dropped":bool,"rank_factor",
//    "at_ingest":{"flags":[..],"reasons":[..],"credibility","bot_score","campaign_score",
//                 "account_campaign","cluster","duplicate_of"},
//    "now":{same keys, campaign figures and flags as the clusters stand now},
//    "moderation":{"category","score","action","reason"}   (category "" when nothing matched),
//    "injection":{"flagged","score","explanation"},
//    "notes":[{"id","post_id","author","text","status","intercept","factor","ratings"}],
//    "explanation":TrustExplanation JSON (every factor with input, signal, weight,
//                  contribution; the campaign cluster with its authors)}
// AccountReport JSON:
//   {"account","handle","posts","moderation_hits","noted_posts","explanation":{...}}
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trust/moderation/moderator.h"
#include "trust/notes/note_store.h"
#include "trust/scores/trust_scorer.h"

namespace chorus::trust {

struct PostReport {
  std::string post_id;
  bool dropped = false;
  double rank_factor = 1;  // the credibility handed to the index
  PostTrust at_ingest, now;
  ModerationResult moderation;
  bool injection = false;
  float injection_score = 0;
  std::string injection_explanation;  // "" unless flagged
  std::vector<NoteView> notes;
  TrustExplanation explanation;

  std::string to_json() const;
  std::string to_text() const;
};

struct AccountReport {
  std::string handle;
  uint64_t posts = 0, moderation_hits = 0, noted_posts = 0;
  TrustExplanation explanation;

  std::string to_json() const;
  std::string to_text() const;
};

// {"id","post_id","author","text","status","intercept","factor","ratings"}
std::string note_view_json(const NoteView& v);

}  // namespace chorus::trust
