// The prompt-injection component of the trust layer (public header).
//
// Offers InjectionDetector (a scored, explainable detector of instructions aimed at an AI
// assistant inside post text, English, Arabic and French) and the corpus tools used to measure
// it (load_injection_corpus, evaluate_injection).
#pragma once

#include "trust/injection/injection_corpus.h"
#include "trust/injection/injection_detector.h"
