// The trust layer's scores — the public face of src/trust/scores:
//   TrustScorer (trust_scorer.h)        per-post facade run at ingest: PostTrust with
//                                       credibility, bot score, campaign score, duplicate
//                                       cluster, flags, reasons; explanations for `trust why`
//   account_scores.h                    account credibility and bot score (weights, signals)
//   AccountTracker (account_state.h)    online per-account counts and interval statistics
//   NearDupIndex (near_dup_index.h)     MinHash/LSH near-duplicate clustering, windowed
//   CampaignTracker (campaign_tracker.h) campaign scores of clusters and accounts
//   TrustEval (trust_eval.h)            precision/recall of the scorer against ground truth
// Community notes and the bridging model are in src/trust/notes/ (notes.h, bridging_model.h).
#pragma once

#include "trust/scores/account_scores.h"
#include "trust/scores/account_state.h"
#include "trust/scores/campaign_tracker.h"
#include "trust/scores/near_dup_index.h"
#include "trust/scores/trust_scorer.h"
