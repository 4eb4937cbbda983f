/* A loop of n rounds written on one line between short lines: reverse steps cross it back. */
#include <stdlib.h>
long s, sink;
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000, i;
  sink = 1;
  for (i = 0; i < n; i++) s += i;
  sink = s;
  return 0;
}
