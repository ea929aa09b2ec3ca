// Opaque helpers for phases.cpp.  Compiled as a separate translation unit
// (never with the plugin) so the optimizer cannot see through these calls.
//
// use(Big&) pairs its calls per (object address, generator instance):
//   * the first call on an object fills the buffer with a fresh deterministic
//     pattern and remembers its checksum;
//   * the second call verifies that the buffer still holds exactly what the
//     first call wrote (i.e. the object survived the suspension inside the
//     coroutine frame), folds the result into the global checksum and
//     scribbles over the buffer.
// Instances are identified by g_current_gen, which the generator driver sets
// before every resume, so stale entries of destroyed frames can never match.
#include <cstdio>
#include <cstring>

struct Big { char buf[64]; };

int g_current_gen = 0;
unsigned long long g_opaque_sum = 1469598103934665603ull;

namespace {
struct Entry { const void *addr; int gen; unsigned sum; bool live; };
Entry table[256];
unsigned use_counter = 0;
unsigned compute_counter = 0;

unsigned checksum(const Big &b) {
  unsigned h = 2166136261u;
  for (int i = 0; i < 64; ++i) {
    h ^= (unsigned char)b.buf[i];
    h *= 16777619u;
  }
  return h;
}

void mix(unsigned long long v) {
  g_opaque_sum ^= v;
  g_opaque_sum *= 1099511628211ull;
}
} // namespace

void use(Big &b) {
  ++use_counter;
  for (Entry &e : table) {
    if (e.live && e.addr == &b && e.gen == g_current_gen) {
      unsigned now = checksum(b);
      bool ok = now == e.sum;
      std::printf("  use #%u: second use (gen %d) %s\n", use_counter, g_current_gen,
                  ok ? "intact" : "CORRUPTED");
      mix(ok ? now : 0xdeadu);
      e.live = false;
      std::memset(b.buf, 0x5a, sizeof b.buf); // scribble
      return;
    }
  }
  for (int i = 0; i < 64; ++i)
    b.buf[i] = (char)((use_counter * 31u + (unsigned)i * 7u + (unsigned)g_current_gen) & 0x7f);
  unsigned s = checksum(b);
  for (Entry &e : table) {
    if (!e.live) {
      e = Entry{&b, g_current_gen, s, true};
      break;
    }
  }
  std::printf("  use #%u: first use (gen %d) sum=%08x\n", use_counter, g_current_gen, s);
  mix(s);
}

// Forget everything recorded for a destroyed generator instance.
void forget_gen(int gen) {
  for (Entry &e : table)
    if (e.gen == gen)
      e.live = false;
}

int compute(int x) {
  ++compute_counter;
  unsigned h = (unsigned)x * 2654435761u + 12345u;
  h ^= h >> 13;
  int r = (int)(h % 997u); // keep small: callers multiply results
  mix((unsigned long long)r + compute_counter);
  return r;
}

unsigned long long opaque_checksum() { return g_opaque_sum; }
