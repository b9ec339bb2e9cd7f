import Commands
import Foundation

exit(CLI.run(Array(CommandLine.arguments.dropFirst()), console: .standard()))
