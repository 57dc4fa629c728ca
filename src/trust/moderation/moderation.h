// The moderation component of the trust layer (public header).
//
// Offers: a hashed n-gram classifier (FeatureHasher, LinearModel, train_model: NB-SVM or softmax,
// optionally ensembled with an EmbeddingClassifier) with a versioned model file; auxiliary
// training data with label mapping (extra_data.h); readers for the TweetEval, Davidson and
// label,text CSV formats; metrics
// and the public-data evaluation; the operator's per-category policy (ModerationPolicy); the
// lexicon rules used when no model is trained (Lexicon); and Moderator::assess(), which turns a
// Post into an explainable ModerationResult at ingest.
#pragma once

#include "trust/moderation/csv_reader.h"
#include "trust/moderation/dataset.h"
#include "trust/moderation/evaluation.h"
#include "trust/moderation/extra_data.h"
#include "trust/moderation/features.h"
#include "trust/moderation/lexicon.h"
#include "trust/moderation/linear_model.h"
#include "trust/moderation/metrics.h"
#include "trust/moderation/moderator.h"
#include "trust/moderation/policy.h"
#include "trust/moderation/trainer.h"
