/* A process with N MB of resident, non-zero memory: stops in ready(), then checks it all. */
#include <stdio.h>
#include <stdlib.h>

void ready(void) {}

int main(int argc, char **argv) {
  size_t mb = argc > 1 ? strtoul(argv[1], 0, 10) : 1024;
  size_t n = mb << 20;
  unsigned char *p = malloc(n);
  unsigned long x = 88172645463325252UL;
  for (size_t i = 0; i < n; i += 8) {
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    *(unsigned long *)(p + i) = x;
  }
  ready();
  unsigned long sum = 0;
  for (size_t i = 0; i < n; i += 8) sum += *(unsigned long *)(p + i) * (i | 1);
  printf("checksum %lu\n", sum);
  return 0;
}
