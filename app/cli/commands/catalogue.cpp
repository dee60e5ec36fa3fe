#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "domain/catalogue.hpp"

namespace gapfinder::cli {

int run_catalogue(const Args& raw) {
    Arguments args("catalogue", "", {}, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    for (const Characteristic& c : catalogue()) {
        std::cout << c.id << ": " << c.label << (c.protected_characteristic ? " (Equality Act 2010)" : "") << "\n  source: "
                  << c.standard << '\n';
        for (const Category& cat : c.categories) {
            if (!cat.group.empty()) continue;
            std::cout << "  " << cat.id << ": " << cat.label << '\n';
            for (const Category& d : c.categories)
                if (d.group == cat.id) std::cout << "      " << d.id << ": " << d.label << '\n';
        }
    }
    return 0;
}

}  // namespace gapfinder::cli
