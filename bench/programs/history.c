/* A long loop, then a short one to step in: reverse commands after a long history. */
#include <stdlib.h>
long a[64];
long x, y;
void marker(void) {}
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000;
  for (long i = 0; i < n; i++) a[i % 64] += i;
  marker();
  for (long j = 0; j < 100; j++) {
    x += j;
    y += x;
  }
  return (int)(y & 1);
}
