/* A long loop whose body spans several lines: reverse-next back into it after a long history. */
#include <stdlib.h>
long x, y;
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000;
  for (long j = 0; j < n; j++) {
    x += j;
    y += x;
  }
  return (int)(y & 1);
}
