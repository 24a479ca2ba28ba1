package editor

import (
	"net/http"
	"testing"
)

func TestHistoryOfASingleRevisionComparesItWithNothing(t *testing.T) {
	e := newEnv(t)
	rel := e.release("single", enTitle, enLead, enBody)
	e.save("trky", rel.ID, "ky", 0, kyText)
	r := e.get(historyHref(rel.ID, "ky"), "trky")
	expect(t, r, http.StatusOK)
	contains(t, r.body, "1 saved revision", `Older: revision 1`, `Newer: revision 1`)
	lacks(t, r.body, "revision 0", "Revision 0")
}

func TestActivityLogInRussianSaysWhatHappened(t *testing.T) {
	e := newEnv(t)
	rel := e.release("past", enTitle, enLead, enBody)
	e.save("trky", rel.ID, "ky", 0, kyText)
	r := e.get(historyHref(rel.ID, "ky"), "trky", "Accept-Language", "ru")
	expect(t, r, http.StatusOK)
	contains(t, r.body, "Сохранено")
	lacks(t, r.body, "· Сохранить")
}
