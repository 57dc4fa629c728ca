// Internal: the per-type kernels behind quant.h's traits table. Not part of the public API.
//
// Naming: <op>_<type>[_<act type>]_<isa>. All take element counts n that are multiples of the
// type's block size (checked by the callers in quant.h). The *_avx2 functions exist in every
// build but must only be called after cpu_supports(KernelIsa::kAvx2).
#pragma once

#include <cstddef>
#include <cstdint>

namespace chorus::model::kernels {

// --- scalar reference dequantization (dequantize.cc) ---
void dequantize_f32(const void* src, float* dst, int64_t n);
void dequantize_f16(const void* src, float* dst, int64_t n);
void dequantize_bf16(const void* src, float* dst, int64_t n);
void dequantize_q4_0(const void* src, float* dst, int64_t n);
void dequantize_q4_1(const void* src, float* dst, int64_t n);
void dequantize_q5_0(const void* src, float* dst, int64_t n);
void dequantize_q8_0(const void* src, float* dst, int64_t n);
void dequantize_q4_K(const void* src, float* dst, int64_t n);
void dequantize_q5_K(const void* src, float* dst, int64_t n);
void dequantize_q6_K(const void* src, float* dst, int64_t n);
void dequantize_q8_K(const void* src, float* dst, int64_t n);

// --- scalar reference quantization (quantize.cc, quantize_k.cc) ---
void quantize_f32(const float* src, void* dst, int64_t n);
void quantize_f16(const float* src, void* dst, int64_t n);
void quantize_bf16(const float* src, void* dst, int64_t n);
void quantize_q4_0(const float* src, void* dst, int64_t n);
void quantize_q4_1(const float* src, void* dst, int64_t n);
void quantize_q5_0(const float* src, void* dst, int64_t n);
void quantize_q8_0(const float* src, void* dst, int64_t n);
void quantize_q8_K(const float* src, void* dst, int64_t n);
void quantize_q4_K(const float* src, void* dst, int64_t n);
void quantize_q5_K(const float* src, void* dst, int64_t n);
void quantize_q6_K(const float* src, void* dst, int64_t n);

// --- fast activation quantization (quantize_act_avx2.cc) ---
void quantize_q8_0_avx2(const float* src, void* dst, int64_t n);
void quantize_q8_K_avx2(const float* src, void* dst, int64_t n);

// --- vec_dot: scalar references (vec_dot_ref.cc) ---
float vec_dot_f32_ref(int64_t n, const void* w, const void* x);
float vec_dot_f16_ref(int64_t n, const void* w, const void* x);   // x is F32
float vec_dot_bf16_ref(int64_t n, const void* w, const void* x);  // x is F32
float vec_dot_q4_0_ref(int64_t n, const void* w, const void* x);  // x is Q8_0
float vec_dot_q4_1_ref(int64_t n, const void* w, const void* x);  // x is Q8_0
float vec_dot_q5_0_ref(int64_t n, const void* w, const void* x);  // x is Q8_0
float vec_dot_q8_0_ref(int64_t n, const void* w, const void* x);  // x is Q8_0
float vec_dot_q4_K_ref(int64_t n, const void* w, const void* x);  // x is Q8_K
float vec_dot_q5_K_ref(int64_t n, const void* w, const void* x);  // x is Q8_K
float vec_dot_q6_K_ref(int64_t n, const void* w, const void* x);  // x is Q8_K

// --- vec_dot: AVX2 + FMA + F16C (vec_dot_avx2.cc, vec_dot_k_avx2.cc) ---
float vec_dot_f32_avx2(int64_t n, const void* w, const void* x);
float vec_dot_f16_avx2(int64_t n, const void* w, const void* x);
float vec_dot_bf16_avx2(int64_t n, const void* w, const void* x);
float vec_dot_q4_0_avx2(int64_t n, const void* w, const void* x);
float vec_dot_q4_1_avx2(int64_t n, const void* w, const void* x);
float vec_dot_q5_0_avx2(int64_t n, const void* w, const void* x);
float vec_dot_q8_0_avx2(int64_t n, const void* w, const void* x);
float vec_dot_q4_K_avx2(int64_t n, const void* w, const void* x);
float vec_dot_q5_K_avx2(int64_t n, const void* w, const void* x);
float vec_dot_q6_K_avx2(int64_t n, const void* w, const void* x);

// --- Q4_0 / Q8_0 rows interleaved by eights (block_q4_0x8 / block_q8_0x8) against Q8_0
// (repack_x8.cc, repack_x8_avx2.cc, repack_x8_avx512.cc) ---
// For one group of 8 rows (n columns at w) and `tokens` activation rows (row t at x + t *
// x_stride bytes, its block sums at xsum + t * n / 32, read by the Q4_0 kernels and the VNNI
// Q8_0 kernel):
// y[t * y_stride + j] = row j . x_t. Per row and token: each block's exact int32 dot (Q4_0:
// levels 0..15 times x, minus 8 * block sum), times float(d_w) * float(d_x), accumulated with fma
// in block order: the variants of a type agree bit for bit.
using DotX8Fn = void (*)(int64_t n, const void* w, const void* x, size_t x_stride,
                         const int16_t* xsum, int64_t tokens, float* y, int64_t y_stride);
void dot_q4_0x8_ref(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                    int64_t tokens, float* y, int64_t y_stride);
void dot_q4_0x8_avx2(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                     int64_t tokens, float* y, int64_t y_stride);
void dot_q8_0x8_ref(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                    int64_t tokens, float* y, int64_t y_stride);
void dot_q8_0x8_avx2(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                     int64_t tokens, float* y, int64_t y_stride);
// Only after cpu_has_avx512_vnni().
void dot_q4_0x8_avx512vnni(int64_t n, const void* w, const void* x, size_t x_stride,
                           const int16_t* xsum, int64_t tokens, float* y, int64_t y_stride);
void dot_q8_0x8_avx512vnni(int64_t n, const void* w, const void* x, size_t x_stride,
                           const int16_t* xsum, int64_t tokens, float* y, int64_t y_stride);
// Q4_K / Q6_K rows interleaved by eights (block_q4_Kx8 / block_q6_Kx8) against Q8_K, the same
// contract with blocks of 256 (xsum unused: Q8_K blocks carry their sums). Per row and token and
// super-block: exact int32 sums, then Q4_K fma(float(d) * d_x, sumi, acc) and fma(-(float(dmin) *
// d_x), summ, acc), Q6_K fma(float(d) * d_x, sumi, acc), in block order (see the references in
// repack_x8.cc): the variants of a type agree bit for bit.
void dot_q4_Kx8_ref(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                    int64_t tokens, float* y, int64_t y_stride);
void dot_q4_Kx8_avx2(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                     int64_t tokens, float* y, int64_t y_stride);
void dot_q6_Kx8_ref(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                    int64_t tokens, float* y, int64_t y_stride);
void dot_q6_Kx8_avx2(int64_t n, const void* w, const void* x, size_t x_stride, const int16_t* xsum,
                     int64_t tokens, float* y, int64_t y_stride);
// Only after cpu_has_avx512_vnni().
void dot_q4_Kx8_avx512vnni(int64_t n, const void* w, const void* x, size_t x_stride,
                           const int16_t* xsum, int64_t tokens, float* y, int64_t y_stride);
void dot_q6_Kx8_avx512vnni(int64_t n, const void* w, const void* x, size_t x_stride,
                           const int16_t* xsum, int64_t tokens, float* y, int64_t y_stride);
// True when this CPU runs the *_avx512vnni kernels (AVX512F, VL, VNNI and the AVX2 set) and the
// environment does not cap the kernels with CHORUS_KERNELS=avx2 (to measure as on an AVX2-only
// CPU such as the anchor machine's).
bool cpu_has_avx512_vnni();

// --- fp16/bf16 rows with F16C/AVX2 (fp16_avx2.cc) ---
void fp16_to_fp32_row_avx2(const uint16_t* src, float* dst, int64_t n);
void fp32_to_fp16_row_avx2(const float* src, uint16_t* dst, int64_t n);
void bf16_to_fp32_row_avx2(const uint16_t* src, float* dst, int64_t n);

}  // namespace chorus::model::kernels
