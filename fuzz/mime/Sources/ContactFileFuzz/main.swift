import FuzzDriver

runLibFuzzer { data, size in fuzzContactFile(data, size) }
