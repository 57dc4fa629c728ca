#include "model/runtime/model.h"

#include "model/runtime/session.h"
#include "model/runtime/weight_residency.h"

namespace chorus::model {

Model::Model(std::unique_ptr<GgufFile> file, ModelConfig config, ModelWeights weights,
             const ModelOptions& options)
    : file_(std::move(file)),
      config_(std::move(config)),
      weights_(std::move(weights)),
      rope_inv_freq_(rope_inv_freqs(config_)),
      options_(options),
      pool_(options.threads) {}

Model::~Model() {
  repacker_.reset();
}

Result<std::unique_ptr<Model>> Model::load(const std::string& path, const ModelOptions& options) {
  Result<std::unique_ptr<GgufFile>> file = GgufFile::open(path);
  if (!file.is_ok()) return file.status().with_context(path);
  return from_file(std::move(file).value(), options);
}

Result<std::unique_ptr<Model>> Model::from_file(std::unique_ptr<GgufFile> file,
                                                const ModelOptions& options) {
  if (options.threads < 1 || options.threads > 256)
    return invalid_argument("threads: must be in [1, 256], got " + std::to_string(options.threads));
  if (options.max_batch < 1) return invalid_argument("max_batch: must be >= 1");
  CHORUS_ASSIGN_OR_RETURN(ModelConfig config, read_model_config(*file));
  CHORUS_ASSIGN_OR_RETURN(ModelWeights weights, load_model_weights(*file, config));
  own_vectors(weights, config);
  if (options.repack == RepackMode::kAtLoad)
    CHORUS_RETURN_IF_ERROR(repack_weights(weights, file->is_mapped(), options.threads).status());
  release_unread_tensors(*file, weights);
  std::unique_ptr<Model> model(
      new Model(std::move(file), std::move(config), std::move(weights), options));
  if (options.repack == RepackMode::kBackground) CHORUS_RETURN_IF_ERROR(model->start_repack());
  return model;
}

Status Model::start_repack() {
  CHORUS_ASSIGN_OR_RETURN(RepackPlan plan, plan_repack(weights_));
  if (plan.views.empty()) return Status::ok();
  // At the end, the pages between matrices that only the repacked ones shared.
  auto release_rest = [this] { release_unread_tensors(*file_, weights_); };
  repacker_ = std::make_unique<Repacker>(std::move(plan), file_->is_mapped(), options_.threads,
                                         options_.repack_hold_after, compute_mu_, release_rest);
  return Status::ok();
}

void Model::apply_repacked() const {
  if (repacker_ && !repacker_->finished()) repacker_->publish_ready();
}

void Model::wait_repacked() const {
  if (repacker_) repacker_->wait();
}

RepackProgress Model::repack_progress() const {
  if (!repacker_) return {.finished = true};
  return repacker_->progress();
}

void Model::resume_repack() {
  if (repacker_) repacker_->resume();
}

std::unique_lock<std::mutex> Model::hold_weights() const {
  if (repack_finished()) return {};
  std::unique_lock<std::mutex> lock(compute_mu_);
  apply_repacked();
  return lock;
}

Result<std::unique_ptr<Session>> Model::new_session(int64_t context) const {
  if (context == 0) context = config_.context_length;
  if (context < 1 || context > (1 << 20))
    return invalid_argument("context: must be in [1, 1048576], got " + std::to_string(context));
  return std::make_unique<Session>(*this, context);
}

}  // namespace chorus::model
