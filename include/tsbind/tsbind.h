// tsbind: bind C++ functions, classes and exceptions to TypeScript.
// The one header users include; see README.md and docs/ for the tour.
#pragma once

#include "cast.h"
#include "class.h"
#include "error.h"
#include "function.h"
#include "module.h"
#include "stl/vector.h"
#include "typed_array.h"
#include "vectorize.h"
