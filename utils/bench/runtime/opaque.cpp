// Opaque helpers of bench.cpp (built without the plugin, never inlined).
struct Big { char buf[64]; };
struct Buf { long v[8]; };
void use(Big &b) { b.buf[0] = 1; }
int compute(int x) { return x * 3 + 1; }
int opaque(int x) { return x ^ 5; }
void fill(Buf &b) { for (int i = 0; i < 8; i++) b.v[i] = i; }
