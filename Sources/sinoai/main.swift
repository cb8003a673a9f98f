import SinoAIApp

SinoAICommand.runAndExit()
