#pragma once

#include "app/module.h"

namespace parfumerie::app {

// Registers every module and target the binary knows.
void RegisterModules(ModuleManager& manager);

}  // namespace parfumerie::app
