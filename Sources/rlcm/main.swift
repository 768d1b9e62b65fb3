import RLCMKit
print("rlcm \(outputFormatVersion)")
