package mongodb

// colMemory holds the translation memory: one document per approved
// translation (release and language) with its aligned segments.
const colMemory = "memory"
