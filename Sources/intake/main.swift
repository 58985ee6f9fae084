import IntakeCLI
