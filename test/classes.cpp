#include <tsbind/tsbind.h>
TSBIND_MODULE(classes, m) { (void)m; }
