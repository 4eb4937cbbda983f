/* The bundled example: a small inventory with a bug to find.
 * Build: gcc -g -O0 -o examples/inventory.out examples/inventory.c */
#include <stdio.h>
#include <string.h>

struct item {
  char name[16];
  int count;
  double price;
};

static struct item stock[4];
static int nitems;

static void add(const char *name, int count, double price)
{
  struct item *it = &stock[nitems++];
  strncpy(it->name, name, sizeof it->name - 1);
  it->count = count;
  it->price = price;
}

static double item_value(const struct item *it)
{
  double v = it->count * it->price;
  return v;
}

int main(void)
{
  double total = 0;
  int i;

  add("bolts", 120, 0.25);
  add("nuts", 300, 0.1);
  add("washers", 75, 0.05);
  for (i = 0; i <= nitems; i++)   /* one past the end */
    total += item_value(&stock[i]);
  printf("total value: %.2f\n", total);
  return 0;
}
