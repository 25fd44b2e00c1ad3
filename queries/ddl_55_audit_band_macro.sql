-- audit_band(scale, score, outstanding_from, good_from, inadequate_upto): the Ofsted grade a
-- score stands for. Ofsted scores map one to one; a 0-10 score is banded by the thresholds
-- the council set (cib.audits.GradeScale), so every query bands grades the same way.
create or replace macro audit_band(scale, score, outstanding_from, good_from, inadequate_upto) as
    case
        when scale = 'ofsted' then
            case
                when score >= 4 then 'Outstanding'
                when score >= 3 then 'Good'
                when score >= 2 then 'Requires improvement'
                else 'Inadequate'
            end
        when score >= outstanding_from then 'Outstanding'
        when score >= good_from then 'Good'
        when score > inadequate_upto then 'Requires improvement'
        else 'Inadequate'
    end
