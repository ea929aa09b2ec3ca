// Counting replacements of the global operator new/delete (own TU, so that
// they are not inlined into coroutine ramps).
#include <cstdlib>
#include <new>
unsigned long long g_bytes, g_calls;
void *operator new(std::size_t n) {
  g_bytes += n;
  g_calls++;
  if (void *p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void *operator new[](std::size_t n) { return operator new(n); }
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }
