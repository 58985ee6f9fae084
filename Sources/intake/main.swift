import IntakeCLI

IntakeCommand.runAndExit()
