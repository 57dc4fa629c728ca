// The built-in injection rules: English, Arabic and French. Patterns are composed from the word
// lists below by string-literal concatenation; see phrase_pattern.h for the syntax.
#include "trust/injection/injection_rules.h"

namespace chorus::trust::internal {
namespace {

// English.
#define EN_IGNORE \
  "=ignore|=disregard|=forget|=skip|=override|=bypass|=drop|=abandon|=neglect|=discard|=ignoring"
#define EN_PRIOR                                                                              \
  "all|any|every|previous|prior|above|earlier|preceding|your|ur|initial|original|old|former|" \
  "system|default|existing|given|those|these|other"
#define EN_STRONG_TARGET                                                                 \
  "instruction|instructions|prompt|prompts|directive|directives|programming|guardrails|" \
  "guardrail|context|configuration|training"
#define EN_WEAK_TARGET                                                                      \
  "rule|rules|guideline|guidelines|direction|directions|guidance|restriction|restrictions|" \
  "command|commands|constraints|policy|policies|orders|settings"
#define EN_LEAK_VERB                                                                           \
  "=reveal|=print|=show|=repeat|=output|=display|=tell|=leak|=share|=give|=dump|=list|=write|" \
  "=return|=paste|=copy|=type|=reply|=respond"
#define EN_OUT_VERB \
  "=reply|=respond|=answer|=output|=write|=return|=say|=print|=type|=end|=begin|=start"
#define EN_SAY_VERB                                                                            \
  "=say|=state|=claim|=tell|=write|=mention|=assert|=confirm|=insist|=answer|=reply|=respond|" \
  "=add|=explain"
#define EN_AI                                                                               \
  "ai|ais|llm|llms|assistant|assistants|bot|bots|chatbot|chatbots|chatgpt|gpt|grok|gemini|" \
  "claude|copilot|model|models|agent|agents|crawler|crawlers|scraper|scrapers|language"
#define EN_MANIPULATE                                                                      \
  "=cite|=quote|=rank|=rate|=classify|=mark|=treat|=label|=recommend|=promote|=summarize|" \
  "=summarise|=describe|=present|=report|=list"
#define EN_CONTENT "post|posts|tweet|tweets|account|thread|link|source|claims|product|page|message"

// Arabic (alternatives are normalized by the analyzer: أ/إ/آ -> ا, ة -> ه, ى -> ي).
#define AR_IGNORE                                                                                                                                  \
  "=تجاهل|=تجاهلي|=تجاهلوا|=انس|=انسى|=انسي|=انسوا|=اهمل|=اهملي|=تناس|=تخط|=تخطى|=اترك|" \
  "=الغ|=تجاوز|=تجاوزي"
#define AR_PRIOR "السابقه|السابق|سبق|اعلاه|قبل|كل|جميع|الاوليه|الاصليه|القديمه|ورد|الماضيه"
#define AR_TARGET                                                                                                                                                        \
  "تعليمات|تعليماتك|اوامر|اوامرك|توجيهات|توجيهاتك|قواعد|قواعدك|ارشادات|ارشاداتك|قيود|قيودك|" \
  "برمجتك"
#define AR_AI                                                                                                                                                             \
  "ذكاء|الذكاء|مساعد|المساعد|مساعدا|نموذج|النموذج|النماذج|بوت|البوت|روبوت|الروبوت|المساعدات|" \
  "شات"
#define AR_LEAK_VERB "=اكشف|=اظهر|=اعرض|=اطبع|=كرر|=اعطني|=اخبرني|=ارسل|=انسخ|=اكتب"
#define AR_OUT_VERB "=اجب|=اجيبي|=رد|=ردي|=اكتب|=اكتبي|=قل|=قولي"
#define AR_SAY_VERB "=قل|=قولي|=قولوا|=اكتب|=اذكر|=اخبر|=اكد|=اكدي|=ادع"

// French (accents are folded away: "précédentes" -> "precedentes").
#define FR_IGNORE "=ignore|=ignorez|=oublie|=oubliez|=neglige|=negligez|=ignorer|=oublier"
#define FR_PRIOR \
  "toutes|tous|precedentes|precedents|precedente|dessus|tes|vos|initiales|anterieures"
#define FR_TARGET "instructions|instruction|consignes|consigne|regles|directives|prompt"

constexpr WordRule kWordRules[] = {
    // --- override: drop the instructions the assistant was given -------------------------------
    {"override.prior_instructions", InjectionKind::kOverride,
     EN_IGNORE " ~2 " EN_PRIOR " ~3 " EN_STRONG_TARGET, 0.85f, true},
    {"override.instructions_above", InjectionKind::kOverride,
     EN_IGNORE " ~2 " EN_STRONG_TARGET " above|before|earlier|previously|given|so", 0.8f, true},
    {"override.prior_rules", InjectionKind::kOverride,
     EN_IGNORE " ~2 " EN_PRIOR " ~3 " EN_WEAK_TARGET, 0.5f, true},
    {"override.instructions", InjectionKind::kOverride,
     EN_IGNORE " ~3 " EN_STRONG_TARGET "|" EN_WEAK_TARGET, 0.4f, true},
    {"override.everything_above", InjectionKind::kOverride,
     EN_IGNORE " ~1 everything|all|anything|what|that ~2 above|before|previously|earlier|prior|"
               "said|preceding|told",
     0.75f, true},
    {"override.the_above", InjectionKind::kOverride,
     EN_IGNORE " the|all? above|foregoing|preceding !tweet|post|message|email|link|photo", 0.7f,
     true},
    {"override.do_not_follow", InjectionKind::kOverride,
     "=do|=dont not? =follow|=obey|=listen ~3 " EN_PRIOR " ~2 " EN_STRONG_TARGET, 0.75f, true},
    {"override.stop_being_ai", InjectionKind::kRoleSwitch,
     "=stop =being|=acting an? ai|assistant|chatbot|bot|model", 0.65f, true},
    {"override.new_instructions", InjectionKind::kOverride,
     "new|updated|real|actual|true|secret|hidden instruction|instructions|task|directive|rule|"
     "prompt",
     0.35f, false},
    {"override.instructions_changed", InjectionKind::kOverride,
     "your instruction|instructions|rules|prompt|programming have|has|are changed|been|void|"
     "updated|cancelled|canceled",
     0.6f, false},
    {"override.new_system_prompt", InjectionKind::kOverride,
     "new|updated system prompt|instructions|message", 0.55f, false},
    {"override.bypass_safety", InjectionKind::kOverride,
     "=override|=bypass|=disable|=ignore|=remove|=turn ~3 safety|filter|filters|guardrails|"
     "restrictions|moderation|censorship|limits",
     0.6f, true},
    {"override.system_override", InjectionKind::kOverride, "system|admin|developer override", 0.55f,
     false},
    {"override.must_ignore", InjectionKind::kOverride,
     "you must|should|will|need ~1 ignore|disregard|forget|obey|follow ~3 " EN_STRONG_TARGET
     "|" EN_WEAK_TARGET "|post|tweet",
     0.5f, false},
    // --- role switch ---------------------------------------------------------------------------
    {"role.you_are_now", InjectionKind::kRoleSwitch,
     "you|youre|u are? now|no ~3 ai|assistant|bot|chatbot|model|dan|character|persona|mode|"
     "jailbroken|jailbreak|unrestricted|unfiltered|uncensored|evil|free|hacker|pirate|gangster|"
     "advisor|servant|slave|human|developer",
     0.7f, false},
    {"role.no_longer", InjectionKind::kRoleSwitch,
     "you|youre are? no longer ~2 ai|assistant|bound|restricted|chatgpt|model|limited|bot", 0.7f,
     false},
    {"role.you_are_now_plain", InjectionKind::kRoleSwitch, "you|youre are? now", 0.2f, false},
    {"role.from_now_on", InjectionKind::kRoleSwitch,
     "from now|here on|onward|onwards ~1 you|your ~1 will|must|should|are|answer|respond|reply|"
     "act|only|job|task|role",
     0.45f, false},
    {"role.act_without_rules", InjectionKind::kRoleSwitch,
     "=act|=behave|=pretend|=roleplay|=respond|=answer ~5 no|without rules|restrictions|limits|"
     "filter|filters|guidelines|policy|ethics|ethical|censorship|restraints",
     0.6f, true},
    {"role.act_as_ai", InjectionKind::kRoleSwitch,
     "=act|=pretend|=roleplay|=behave as|like|to|you? be? an|a ~2 unrestricted|unfiltered|"
     "uncensored|evil|ai|assistant|chatbot|model",
     0.55f, true},
    {"role.modes", InjectionKind::kRoleSwitch,
     "developer|dan|god|unrestricted|unfiltered|jailbreak|admin mode", 0.35f, false},
    {"role.your_job", InjectionKind::kRoleSwitch,
     "your only|new|real|sole|main|actual job|task|role|purpose|mission now? is|=now", 0.45f,
     false},
    {"role.your_developers", InjectionKind::kRoleSwitch,
     "your developer|developers|creator|creators|programmers|makers|owners", 0.35f, false},
    {"role.your_developer", InjectionKind::kRoleSwitch,
     "this is your developer|creator|owner|admin|administrator|operator|maker", 0.6f, false},
    // --- prompt leak ---------------------------------------------------------------------------
    {"leak.system_prompt", InjectionKind::kPromptLeak,
     EN_LEAK_VERB " ~4 system|initial|hidden|secret|original|first|full|confidential ~1 prompt|"
                  "instruction|instructions|message|rules|configuration|settings",
     0.75f, true},
    {"leak.your_instructions", InjectionKind::kPromptLeak,
     EN_LEAK_VERB " ~2 your|ur|the ~2 instruction|instructions|prompt|rules|configuration|"
                  "guidelines|ones",
     0.6f, true},
    {"leak.text_above", InjectionKind::kPromptLeak,
     EN_LEAK_VERB " ~2 text|everything|words|conversation|history|chat ~3 above|before|far|"
                  "verbatim|beginning|start",
     0.6f, true},
    {"leak.what_are_your", InjectionKind::kPromptLeak,
     "what are|is|were your ~2 instruction|instructions|prompt|rules|guidelines", 0.5f, false},
    {"leak.conversation_start", InjectionKind::kPromptLeak,
     "beginning|start of this|the conversation|chat|session", 0.4f, false},
    {"leak.system_prompt_mention", InjectionKind::kPromptLeak,
     "system prompt|prompts|instructions|message", 0.25f, false},
    // --- output control ------------------------------------------------------------------------
    {"output.only_with", InjectionKind::kOutputControl,
     EN_OUT_VERB " only|just|solely|exclusively with|in|using", 0.55f, true},
    {"output.with_only", InjectionKind::kOutputControl, EN_OUT_VERB " with|using only|just|nothing",
     0.55f, true},
    {"output.the_word", InjectionKind::kOutputControl,
     EN_OUT_VERB " ~3 word|words|number|phrase|sentence|letter|letters", 0.45f, true},
    {"output.nothing_else", InjectionKind::kOutputControl, "nothing else|more", 0.3f, false},
    {"output.regardless", InjectionKind::kOutputControl,
     "no matter what|regardless of ~1 question|questions|ask|asks|asked", 0.4f, false},
    {"output.say_that", InjectionKind::kOutputControl, EN_SAY_VERB " ~3 that", 0.45f, true},
    {"output.tell_users", InjectionKind::kOutputControl,
     "=tell|=inform|=warn|=remind|=convince|=show ~1 the|your|all? user|users|reader|readers|"
     "human|humans|people|everyone|audience",
     0.55f, true},
    {"output.when_you_answer", InjectionKind::kOutputControl,
     "when|if|while|whenever you|ai|asked ~2 summarize|summarise|summarizing|summarising|answer|"
     "answering|respond|responding|reply|replying|generate|generating|about|read|reading|"
     "process|processing|write|writing",
     0.45f, false},
    {"output.when_summarizing", InjectionKind::kOutputControl,
     "when|while summarizing|summarising|generating|answering|responding|replying", 0.45f, false},
    {"output.in_your_answer", InjectionKind::kOutputControl,
     "in your answer|answers|response|responses|reply|replies|summary|summaries|output", 0.4f,
     false},
    {"output.manipulate_content", InjectionKind::kOutputControl,
     EN_MANIPULATE " ~3 this|these|my|our|it ~1 " EN_CONTENT "|as|above|first", 0.45f, true},
    {"output.as_credible", InjectionKind::kOutputControl,
     "as|is highly|very|totally|100? credible|verified|reliable|trustworthy|accurate|fact|facts|"
     "official|legit|true",
     0.3f, false},
    {"output.do_not_mention", InjectionKind::kOutputControl,
     "=do|=dont|=never not? =mention|=cite|=reveal|=tell|=include|=disclose|=quote ~4 flag|"
     "flagged|fact|check|source|sources|other|warning|warnings|instruction|instructions",
     0.45f, true},
    {"output.every_answer", InjectionKind::kOutputControl,
     "every|each|all answer|answers|reply|replies|response|responses|summary|summaries "
     "must|should|will|shall",
     0.5f, false},
    {"output.in_every_answer", InjectionKind::kOutputControl,
     "in every|each|all answer|answers|reply|replies|response|responses|summary|summaries", 0.4f,
     false},
    {"output.begin_with", InjectionKind::kOutputControl,
     "=begin|=start|=end|=finish ~1 your|every|each reply|answer|response|message|output|summary",
     0.55f, true},
    // --- addressee: text that speaks to an AI reader ------------------------------------------
    {"addressee.if_you_are_ai", InjectionKind::kAddressee, "if|when you|youre are? an|a ~1 " EN_AI,
     0.45f, false},
    {"addressee.ai_reading_this", InjectionKind::kAddressee,
     EN_AI " ~1 reading|processing|summarizing|summarising|scraping|indexing|parsing|reads|"
           "analyzing|analysing|seeing|sees ~1 this|these|my",
     0.55f, false},
    {"addressee.dear_ai", InjectionKind::kAddressee,
     "dear|hey|hello|hi|attention|note|message|memo|to|for|important|instruction ~3 " EN_AI, 0.45f,
     false},
    {"addressee.as_an_ai", InjectionKind::kAddressee,
     "as an|a ai|llm|assistant|language|chatbot|model", 0.25f, false},
    {"addressee.if_ai_reads", InjectionKind::kAddressee,
     "if|when an|any|the ~1 " EN_AI " ~1 reads|read|sees|processes|summarizes", 0.5f, false},

    // --- Arabic ---------------------------------------------------------------------------------
    {"ar.override.prior_instructions", InjectionKind::kOverride,
     AR_IGNORE " ~3 " AR_PRIOR " ~2 " AR_TARGET, 0.85f, true},
    {"ar.override.instructions_prior", InjectionKind::kOverride,
     AR_IGNORE " ~2 " AR_TARGET " ~2 " AR_PRIOR, 0.85f, true},
    {"ar.override.your_instructions", InjectionKind::kOverride,
     AR_IGNORE " ~1 تعليماتك|اوامرك|توجيهاتك|قواعدك|ارشاداتك|برمجتك", 0.75f, true},
    {"ar.override.instructions", InjectionKind::kOverride, AR_IGNORE " ~2 " AR_TARGET, 0.45f, true},
    {"ar.override.everything", InjectionKind::kOverride,
     AR_IGNORE " ~1 كل|جميع|ما ~2 سبق|قبل|اعلاه|ورد|قيل|شيء|شي", 0.75f, true},
    {"ar.override.void", InjectionKind::kOverride, "=اعتبر ~3 لاغيا|لاغ|ملغي|ملغيا", 0.6f, true},
    {"ar.override.do_not_follow", InjectionKind::kOverride,
     "لا =تتبع|=تطع|=تلتزم ~2 تعليمات|التعليمات|اوامر|الاوامر|قواعد", 0.7f, false},
    {"ar.override.new_instructions", InjectionKind::kOverride,
     "تعليمات|اوامر|مهمتك|مهمتك|قواعد جديده|الجديده", 0.35f, false},
    {"ar.override.bypass", InjectionKind::kOverride,
     "=تجاوز|=تخط|=عطل|=الغ|=اكسر ~1 قيود|القيود|الامان|فلتر|الفلتر|الحمايه|الرقابه", 0.6f, true},
    {"ar.role.you_are_now", InjectionKind::kRoleSwitch,
     "انت|انتي الان|الآن ~2 " AR_AI "|مساعدي|شخصيه|هاكر|وضع|حر|بلا|بدون", 0.7f, false},
    {"ar.role.you_are_now_plain", InjectionKind::kRoleSwitch, "انت|انتي الان", 0.25f, false},
    {"ar.role.from_now_on", InjectionKind::kRoleSwitch, "من الان فصاعدا|فصاعد", 0.3f, false},
    {"ar.role.you_are_ai", InjectionKind::kRoleSwitch, "انت|انتي مساعد|نموذج|ذكاء|بوت", 0.35f,
     false},
    {"ar.role.without_limits", InjectionKind::kRoleSwitch,
     "بلا|بدون ~1 قيود|قواعد|فلتر|رقابه|حدود|تحذيرات", 0.3f, false},
    {"ar.role.your_developers", InjectionKind::kRoleSwitch,
     "مطوروك|مطورك|مطوريك|مبرمجوك|مبرمجك|صانعوك|صانعك|مالكك", 0.4f, false},
    {"ar.leak.instructions", InjectionKind::kPromptLeak,
     AR_LEAK_VERB " ~3 تعليمات|تعليماتك|التعليمات|موجه|البرومبت|الاعدادات|اعدادات|اوامر", 0.65f,
     true},
    {"ar.leak.system_prompt_mention", InjectionKind::kPromptLeak,
     "موجه|تعليمات|اوامر|اعدادات النظام|المخفيه|السريه", 0.3f, false},
    {"ar.leak.conversation_start", InjectionKind::kPromptLeak, "بدايه المحادثه|الدردشه", 0.4f,
     false},
    {"ar.output.only_word", InjectionKind::kOutputControl,
     AR_OUT_VERB " ~3 بكلمه|بالرقم|بكلمات|بجمله|باللغه", 0.55f, true},
    {"ar.output.only", InjectionKind::kOutputControl, AR_OUT_VERB " ~3 فقط", 0.4f, true},
    {"ar.output.say_that", InjectionKind::kOutputControl, AR_SAY_VERB " ان|بان|انه|انها", 0.45f,
     true},
    {"ar.output.tell_users", InjectionKind::kOutputControl,
     "=اخبر|=اخبري|=بلغ|=قل|=ابلغ ~1 المستخدم|المستخدمين|للمستخدم|للمستخدمين|القراء|الجميع", 0.55f,
     true},
    {"ar.output.in_answer", InjectionKind::kOutputControl, "في اجابتك|ردك|ملخصك|اجاباتك", 0.4f,
     false},
    {"ar.output.when_summarizing", InjectionKind::kOutputControl,
     "عند|اثناء|حين تلخيص|تلخيصك|الاجابه|الرد|اجابتك", 0.45f, false},
    {"ar.output.dont_mention", InjectionKind::kOutputControl,
     "لا =تذكر|=تشر|=تستشهد ~3 مصدر|مصادر|المصادر|المصدر", 0.45f, false},
    {"ar.output.cite_this", InjectionKind::kOutputControl,
     "=استشهد|=استشهدوا|=صنف|=صنفي|=اعرض|=انشر ~3 هذا|هذه|بهذا|به", 0.4f, true},
    {"ar.addressee.dear_ai", InjectionKind::kAddressee, "عزيزي|ايها|يا|الي|الى|اي|لاي ~2 " AR_AI,
     0.45f, false},
    {"ar.addressee.if_you_are_ai", InjectionKind::kAddressee, "اذا|لو|ان كنت ~1 " AR_AI, 0.45f,
     false},
    {"ar.addressee.as_ai", InjectionKind::kAddressee, "بصفتك|كونك|باعتبارك ~1 " AR_AI, 0.45f,
     false},

    // --- French --------------------------------------------------------------------------------
    {"fr.override.prior_instructions", InjectionKind::kOverride,
     FR_IGNORE " ~3 " FR_PRIOR " ~3 " FR_TARGET, 0.85f, true},
    {"fr.override.instructions_prior", InjectionKind::kOverride,
     FR_IGNORE " ~2 " FR_TARGET " ~2 " FR_PRIOR "|ci|systeme", 0.85f, true},
    {"fr.override.instructions", InjectionKind::kOverride, FR_IGNORE " ~3 " FR_TARGET, 0.45f, true},
    {"fr.override.everything", InjectionKind::kOverride, FR_IGNORE " tout ~2 precede|dessus|avant",
     0.8f, true},
    {"fr.override.disregard", InjectionKind::kOverride,
     "=ne =tiens|=tenez pas compte ~3 " FR_TARGET, 0.8f, true},
    {"fr.role.you_are_now", InjectionKind::kRoleSwitch,
     "tu|vous es|etes maintenant|desormais ~3 assistant|ia|pirate|mode|sans|libre|developpeur|"
     "robot|modele",
     0.7f, false},
    {"fr.role.from_now_on", InjectionKind::kRoleSwitch, "desormais tu|vous", 0.4f, false},
    {"fr.role.dev_mode", InjectionKind::kRoleSwitch, "mode developpeur|dan|sans", 0.35f, false},
    {"fr.role.you_must", InjectionKind::kOutputControl,
     "tu|vous dois|devez ~2 affirmer|dire|repondre|ignorer|ecrire|citer|oublier", 0.45f, false},
    {"fr.role.your_developers", InjectionKind::kRoleSwitch,
     "tes|vos developpeurs|createurs|concepteurs", 0.35f, false},
    {"fr.leak.instructions", InjectionKind::kPromptLeak,
     "=revele|=revelez|=affiche|=affichez|=montre|=montrez|=donne|=donnez|=repete|=repetez ~3 "
     "prompt|instructions|consignes|regles",
     0.65f, true},
    {"fr.output.only", InjectionKind::kOutputControl,
     "=reponds|=repondez|=ecris|=ecrivez|=dis|=dites ~3 uniquement|seulement !si|quand", 0.5f,
     true},
    {"fr.output.say_that", InjectionKind::kOutputControl,
     "=dis|=dites|=ecris|=ecrivez|=affirme|=affirmez|=reponds ~3 que|qu", 0.45f, true},
    {"fr.output.tell_users", InjectionKind::kOutputControl,
     "=dis|=dites|=explique ~1 aux utilisateurs|lecteurs|gens", 0.55f, true},
    {"fr.output.when_summarizing", InjectionKind::kOutputControl,
     "quand|lorsque|si tu|vous resumes|resumez|reponds|repondez|ecris", 0.45f, false},
    {"fr.addressee.if_ai", InjectionKind::kAddressee,
     "si tu|vous es|etes une|un ia|assistant|modele|robot|bot", 0.45f, false},
    {"fr.addressee.as_ai", InjectionKind::kAddressee, "en tant qu|que ia|assistant|modele", 0.4f,
     false},
    {"fr.addressee.to_ai", InjectionKind::kAddressee,
     "a|aux l? ia|ias|assistant|modeles|robots|bots ~1 qui lit|lisent|lira", 0.55f, false},
};

#undef EN_IGNORE
#undef EN_PRIOR
#undef EN_STRONG_TARGET
#undef EN_WEAK_TARGET
#undef EN_LEAK_VERB
#undef EN_OUT_VERB
#undef EN_SAY_VERB
#undef EN_AI
#undef EN_MANIPULATE
#undef EN_CONTENT
#undef AR_IGNORE
#undef AR_PRIOR
#undef AR_TARGET
#undef AR_AI
#undef AR_LEAK_VERB
#undef AR_OUT_VERB
#undef AR_SAY_VERB
#undef FR_IGNORE
#undef FR_PRIOR
#undef FR_TARGET

constexpr MarkerRule kMarkerRules[] = {
    {"token.im_start", "<|im_start|>", 0.7f, false},
    {"token.im_end", "<|im_end|>", 0.6f, false},
    {"token.system", "<|system|>", 0.7f, false},
    {"token.user", "<|user|>", 0.5f, false},
    {"token.assistant", "<|assistant|>", 0.6f, false},
    {"token.end", "<|end|>", 0.4f, false},
    {"token.endoftext", "<|endoftext|>", 0.6f, false},
    {"token.begin_of_text", "<|begin_of_text|>", 0.6f, false},
    {"token.start_header", "<|start_header_id|>", 0.7f, false},
    {"token.end_header", "<|end_header_id|>", 0.5f, false},
    {"token.eot", "<|eot_id|>", 0.6f, false},
    {"token.inst", "[inst]", 0.6f, false},
    {"token.inst_end", "[/inst]", 0.5f, false},
    {"token.sys", "<<sys>>", 0.7f, false},
    {"token.sys_end", "<</sys>>", 0.5f, false},
    {"token.eos", "</s>", 0.3f, false},
    {"format.instruction", "### instruction", 0.6f, false},
    {"format.system", "### system", 0.6f, false},
    {"format.response", "### response", 0.5f, false},
    {"format.input", "### input", 0.3f, false},
    {"role.system_line", "system:", 0.45f, true},
    {"role.assistant_line", "assistant:", 0.5f, true},
    {"role.user_line", "user:", 0.25f, true},
    {"role.human_line", "human:", 0.3f, true},
    {"role.ai_line", "ai:", 0.3f, true},
};

constexpr const char* kPolite[] = {
    "please", "pls",      "plz",         "kindly", "now",        "just", "simply", "also",
    "then",   "so",       "immediately", "first",  "instead",    "lol",  "btw",    "ok",
    "okay",   "actually", "no",          "and",    "but",        "الان", "فقط",    "رجاء",
    "و",      "ثم",       "et",          "puis",   "maintenant", "svp",  "stp",    "alors"};
constexpr const char* kReported[] = {
    "to",      "not",   "dont",      "never",  "i",      "he",       "she",     "they",    "we",
    "it",      "who",   "that",      "would",  "will",   "can",      "could",   "should",  "might",
    "may",     "cant",  "wont",      "didnt",  "doesnt", "shouldnt", "wouldnt", "couldnt", "always",
    "usually", "often", "sometimes", "people", "ll",     "لا",       "ان",      "لن",      "لم",
    "عدم",     "كي",    "قد",        "ne",     "pas",    "de",       "d",       "je",      "il",
    "elle",    "on",    "nous",      "ils",    "elles"};
constexpr const char* kVocative[] = {"ai",      "assistant", "chatbot", "bot",    "model",
                                     "llm",     "chatgpt",   "grok",    "gemini", "claude",
                                     "gpt",     "copilot",   "ia",      "الذكاء", "ذكاء",
                                     "مساعد",   "المساعد",   "بوت",     "نموذج",  "النموذج",
                                     "اصطناعي", "الاصطناعي", "اللغوي",  "robot",  "models"};

}  // namespace

std::span<const WordRule> word_rules() {
  return kWordRules;
}
std::span<const MarkerRule> marker_rules() {
  return kMarkerRules;
}
std::span<const char* const> polite_words() {
  return kPolite;
}
std::span<const char* const> reported_words() {
  return kReported;
}
std::span<const char* const> vocative_words() {
  return kVocative;
}

}  // namespace chorus::trust::internal
