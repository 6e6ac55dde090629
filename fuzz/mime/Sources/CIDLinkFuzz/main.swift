import FuzzDriver

runLibFuzzer { data, size in fuzzOneInput(data, size) }
